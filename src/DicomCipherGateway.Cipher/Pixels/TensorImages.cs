using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Pixels;

/// <summary>Converts between <see cref="FloatImage"/> in [0, 1] and network tensors in [-1, 1].</summary>
internal static class TensorImages
{
    public static Tensor ToTensor(FloatImage image, Device device)
    {
        using var cpu = torch.tensor(image.Pixels, [1, image.Channels, image.Height, image.Width]);
        using var onDevice = cpu.to(device);
        using var doubled = onDevice.mul(HeldScalars.Two);
        return doubled.sub(HeldScalars.One);
    }

    public static Tensor ToTensor(IReadOnlyList<FloatImage> batch, Device device)
    {
        var first = batch[0];
        var plane = first.Pixels.Length;
        var data = new float[plane * batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Width != first.Width || batch[i].Height != first.Height || batch[i].Channels != first.Channels)
            {
                throw new ArgumentException("Every frame of a batch must have the same shape.", nameof(batch));
            }

            batch[i].Pixels.CopyTo(data, i * plane);
        }

        using var cpu = torch.tensor(data, [batch.Count, first.Channels, first.Height, first.Width]);
        using var onDevice = cpu.to(device);
        using var doubled = onDevice.mul(HeldScalars.Two);
        return doubled.sub(HeldScalars.One);
    }

    /// <summary>Image <paramref name="index"/> of an N×C×H×W tensor in [-1, 1], as [0, 1] floats.</summary>
    public static FloatImage ToImage(Tensor batch, int index)
    {
        using var scope = NewDisposeScope();
        var one = batch[index].to(torch.float32).cpu().Plus(HeldScalars.One).mul_(HeldScalars.Half).clamp(HeldScalars.Zero, HeldScalars.One).contiguous();
        var pixels = one.data<float>().ToArray();
        return new FloatImage((int)batch.shape[3], (int)batch.shape[2], (int)batch.shape[1], pixels);
    }

    /// <summary>Maps [-1, 1] to the integer grid of <paramref name="bits"/> bits and back, as storage does.</summary>
    public static Tensor Quantise(Tensor x, int bits)
    {
        var levels = (double)((1L << bits) - 1);
        using var scope = NewDisposeScope();

        // Per-call Scalars under using: reachable until after the last native call.
        using var toGrid = (levels / 2).ToScalar();
        using var fromGrid = (2 / levels).ToScalar();
        var q = x.clamp(HeldScalars.MinusOne, HeldScalars.One).Plus(HeldScalars.One).mul_(toGrid).round_().mul_(fromGrid).sub_(HeldScalars.One);
        return q.MoveToOuterDisposeScope();
    }
}

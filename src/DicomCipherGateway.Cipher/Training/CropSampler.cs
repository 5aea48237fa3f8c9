using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Random square crops from a set of images, as an N×C×S×S batch in [-1, 1].</summary>
internal static class CropSampler
{
    public static Tensor Sample(IReadOnlyList<FloatImage> images, int batch, int channels, int size, Generator generator, Device device)
    {
        var data = new float[batch * channels * size * size];
        var plane = size * size;
        using var picks = torch.randint(0, int.MaxValue, [batch, 3], dtype: ScalarType.Int64, generator: generator);
        var choice = picks.data<long>().ToArray();
        for (var b = 0; b < batch; b++)
        {
            var image = images[(int)(choice[b * 3] % images.Count)];
            if (image.Width < size || image.Height < size)
            {
                throw new ArgumentException($"A {image.Width}×{image.Height} image is smaller than the {size}-pixel crop.");
            }

            var top = (int)(choice[(b * 3) + 1] % (image.Height - size + 1));
            var left = (int)(choice[(b * 3) + 2] % (image.Width - size + 1));
            for (var c = 0; c < channels; c++)
            {
                // Grey sources feed colour keys by repeating the channel, and colour sources grey keys by their first channel.
                var sourcePlane = Math.Min(c, image.Channels - 1) * image.Width * image.Height;
                for (var y = 0; y < size; y++)
                {
                    var source = image.Pixels.AsSpan(sourcePlane + ((top + y) * image.Width) + left, size);
                    var target = data.AsSpan((b * channels * plane) + (c * plane) + (y * size), size);
                    for (var x = 0; x < size; x++)
                    {
                        target[x] = (source[x] * 2) - 1;
                    }
                }
            }
        }

        using var cpu = torch.tensor(data, [batch, channels, size, size]);
        return cpu.to(device);
    }
}

using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Analysis.Attacks;

/// <summary>
/// Trains an attacker's network on paired images (input → image, or input → mask) from random
/// crops, and runs it on whole images. Every step runs in its own dispose scope, tensors are made
/// from arrays already in [-1, 1] (no implicit Scalars), and the networks stay in eval mode (batch
/// norms as fixed affine maps, as the quick preset trains the key itself).
/// </summary>
internal static class PairedTrainer
{
    /// <summary>Trains <paramref name="model"/>; targets are images in [0, 1] (L1 loss) or masks of 0/1 (<paramref name="masks"/>: logistic loss).</summary>
    public static void Train(
        Module<Tensor, Tensor> model,
        IReadOnlyList<FloatImage> inputs,
        IReadOnlyList<FloatImage> targets,
        int steps,
        int batch,
        int crop,
        double learningRate,
        bool masks,
        Random random,
        Action<int, double>? progress = null)
    {
        model.eval();
        ConvolutionKernelCheck.Ensure();
        using var adam = new HeldScalarAdam(model.parameters(), learningRate);
        var width = inputs[0].Width;
        var height = inputs[0].Height;
        var cw = Math.Min(crop, width) / 4 * 4;
        var ch = Math.Min(crop, height) / 4 * 4;
        var inputData = new float[batch * cw * ch];
        var targetData = new float[batch * cw * ch];
        double recent = 0;
        for (var step = 0; step < steps; step++)
        {
            for (var b = 0; b < batch; b++)
            {
                var k = random.Next(inputs.Count);
                var x0 = random.Next(width - cw + 1);
                var y0 = random.Next(height - ch + 1);
                for (var y = 0; y < ch; y++)
                {
                    for (var x = 0; x < cw; x++)
                    {
                        var src = ((y0 + y) * width) + x0 + x;
                        var dst = (b * cw * ch) + (y * cw) + x;
                        inputData[dst] = (2 * inputs[k].Pixels[src]) - 1;
                        targetData[dst] = masks ? targets[k].Pixels[src] : (2 * targets[k].Pixels[src]) - 1;
                    }
                }
            }

            using var scope = NewDisposeScope();
            var input = torch.tensor(inputData, [batch, 1, ch, cw]);
            var target = torch.tensor(targetData, [batch, 1, ch, cw]);
            adam.ZeroGrad();
            var output = model.forward(input);
            var loss = masks ? functional.binary_cross_entropy_with_logits(output, target) : functional.l1_loss(output, target);
            loss.backward();
            adam.Step();
            recent = loss.item<float>();
            progress?.Invoke(step + 1, recent);
        }
    }

    /// <summary>The model's output for each whole image: an image in [0, 1], or for masks the probability map.</summary>
    public static IReadOnlyList<FloatImage> Predict(Module<Tensor, Tensor> model, IReadOnlyList<FloatImage> inputs, bool masks)
    {
        model.eval();
        var results = new List<FloatImage>();
        foreach (var image in inputs)
        {
            using var scope = NewDisposeScope();
            using var inference = torch.inference_mode();
            var data = image.Channel(0).ToArray();
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (2 * data[i]) - 1;
            }

            var output = model.forward(torch.tensor(data, [1, 1, image.Height, image.Width]));
            var values = (masks ? torch.sigmoid(output) : output).contiguous().data<float>().ToArray();
            if (!masks)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = Math.Clamp((values[i] + 1) / 2, 0f, 1f);
                }
            }

            results.Add(new FloatImage(image.Width, image.Height, 1, values));
        }

        return results;
    }
}

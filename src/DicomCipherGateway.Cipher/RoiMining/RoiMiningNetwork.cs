using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// The ROI-mining network (§III.B, Fig. 8, Table II): a stem (7×7 stride 2) and four ResNet stages
/// (each starting with a strided block), five down-sampling blocks in all; the output of every one
/// of them is projected to <see cref="RoiArchitecture.DecoderWidth"/> channels, brought to half
/// resolution, summed, refined and brought to full resolution as one logit map per organ.
/// Inputs of any size work (padded internally to a multiple of 32, output cropped back).
/// </summary>
internal sealed class RoiMiningNetwork : Module<Tensor, Tensor>
{
    /// <summary>The product of the encoder's strides.</summary>
    public const int Stride = 32;

    private readonly Conv2d stem;
    private readonly GroupNormalisation stemNorm;
    private readonly ModuleList<Module<Tensor, Tensor>> stages = new();
    private readonly ModuleList<Conv2d> laterals = new();
    private readonly Conv2d fuse;
    private readonly GroupNormalisation fuseNorm;
    private readonly Conv2d refine;
    private readonly GroupNormalisation refineNorm;
    private readonly Conv2d head;

    public RoiMiningNetwork(string name, RoiArchitecture architecture)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        long width = architecture.BaseWidth;
        long decoder = architecture.DecoderWidth;
        stem = Conv2d(architecture.Channels, width, 7, stride: 2, padding: 3, bias: false);
        stemNorm = Norm.Create(width);
        laterals.Add(Conv2d(width, decoder, 1));
        var inChannels = width;
        for (var s = 0; s < architecture.Stages.Count; s++)
        {
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            var inner = width << s;
            for (var b = 0; b < architecture.Stages[s]; b++)
            {
                // The first stage follows the stem's max-pool (ResNet's /4); the others halve in their first block.
                var stride = b == 0 && s > 0 ? 2 : 1;
                Module<Tensor, Tensor> block = architecture.IsBottleneck
                    ? new BottleneckBlock($"block{b}", inChannels, inner, stride)
                    : new BasicBlock($"block{b}", inChannels, inner, stride);
                blocks.Add(($"block{b}", block));
                inChannels = architecture.StageChannels(s);
            }

            stages.Add(Sequential(blocks));
            laterals.Add(Conv2d(inChannels, decoder, 1));
        }

        fuse = Conv2d(decoder, decoder, 3, padding: 1, bias: false);
        fuseNorm = Norm.Create(decoder);
        refine = Conv2d(decoder, decoder, 3, padding: 1, bias: false);
        refineNorm = Norm.Create(decoder);
        head = Conv2d(decoder, architecture.Classes, 1);
        RegisterComponents();
    }

    public RoiArchitecture Architecture { get; }

    /// <summary>Logits [N, classes, H, W] for images [N, channels, H, W] (call inside a dispose scope).</summary>
    public override Tensor forward(Tensor input)
    {
        var height = input.shape[2];
        var width = input.shape[3];
        var padBottom = (Stride - (height % Stride)) % Stride;
        var padRight = (Stride - (width % Stride)) % Stride;
        var x = padBottom + padRight > 0 ? functional.pad(input, [0, padRight, 0, padBottom], PaddingModes.Replicate) : input;

        var features = new List<Tensor>(5);
        var y = functional.relu(stemNorm.forward(stem.forward(x)));
        features.Add(y);
        y = functional.max_pool2d(y, 3, 2, 1);
        foreach (var stage in stages)
        {
            y = stage.forward(y);
            features.Add(y);
        }

        // Every block's output, at half resolution, summed (Fig. 8: "combining the output results from each block").
        long[] half = [features[0].shape[2], features[0].shape[3]];
        Tensor? sum = null;
        for (var i = 0; i < features.Count; i++)
        {
            var projected = laterals[i].forward(features[i]);
            if (i > 0)
            {
                projected = functional.interpolate(projected, size: half, mode: InterpolationMode.Bilinear, align_corners: false);
            }

            sum = sum is null ? projected : sum.Plus(projected);
        }

        var fused = functional.relu(fuseNorm.forward(fuse.forward(sum!)));
        long[] full = [x.shape[2], x.shape[3]];
        var up = functional.interpolate(fused, size: full, mode: InterpolationMode.Bilinear, align_corners: false);
        var refined = functional.relu(refineNorm.forward(refine.forward(up)));
        var logits = head.forward(refined);
        return padBottom + padRight > 0 ? logits.narrow(2, 0, height).narrow(3, 0, width) : logits;
    }
}

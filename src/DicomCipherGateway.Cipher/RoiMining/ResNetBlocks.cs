using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// Group normalisation (statistics per image and channel group), chosen over batch norm: it is the
/// same function in training and inference (no running statistics, so batches of 2–4 images on a CPU
/// do not skew it), and it passes eps as a double, never as a finalizer-freed Scalar
/// (TORCHSHARP-GC.md). Written here because TorchSharp 0.107's GroupNorm module leaves its scale and
/// shift uninitialised (garbage, sometimes NaN; a test pins ours to 1 and 0).
/// </summary>
internal sealed class GroupNormalisation : Module<Tensor, Tensor>
{
    private readonly long groups;
    private readonly Parameter weight;
    private readonly Parameter bias;

    public GroupNormalisation(long channels)
        : base("norm")
    {
        groups = Groups(channels);
        weight = Parameter(torch.ones(channels));
        bias = Parameter(torch.zeros(channels));
        RegisterComponents();
    }

    /// <summary>Up to 32 groups of at least 2 channels each.</summary>
    public static long Groups(long channels)
    {
        for (var g = Math.Min(32, channels / 2); g > 1; g--)
        {
            if (channels % g == 0)
            {
                return g;
            }
        }

        return 1;
    }

    public override Tensor forward(Tensor input) => functional.group_norm(input, groups, weight, bias, 1e-5);
}

internal static class Norm
{
    public static GroupNormalisation Create(long channels) => new(channels);
}

/// <summary>ResNet-50's block: 1×1 reduce, 3×3 (the stride), 1×1 expand ×4, plus the (projected) input.</summary>
internal sealed class BottleneckBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly GroupNormalisation norm1;
    private readonly Conv2d conv2;
    private readonly GroupNormalisation norm2;
    private readonly Conv2d conv3;
    private readonly GroupNormalisation norm3;
    private readonly Conv2d? projection;
    private readonly GroupNormalisation? projectionNorm;

    public BottleneckBlock(string name, long inChannels, long width, long stride)
        : base(name)
    {
        var outChannels = width * 4;
        conv1 = Conv2d(inChannels, width, 1, bias: false);
        norm1 = Norm.Create(width);
        conv2 = Conv2d(width, width, 3, stride: stride, padding: 1, bias: false);
        norm2 = Norm.Create(width);
        conv3 = Conv2d(width, outChannels, 1, bias: false);
        norm3 = Norm.Create(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            projection = Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
            projectionNorm = Norm.Create(outChannels);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = functional.relu(norm1.forward(conv1.forward(input)));
        using var b = functional.relu(norm2.forward(conv2.forward(a)));
        using var c = norm3.forward(conv3.forward(b));
        using var skip = projection is null ? input.alias() : projectionNorm!.forward(projection.forward(input));
        return functional.relu(c.Plus(skip));
    }
}

/// <summary>ResNet-18's block: two 3×3 convolutions (the first carries the stride), plus the (projected) input.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly GroupNormalisation norm1;
    private readonly Conv2d conv2;
    private readonly GroupNormalisation norm2;
    private readonly Conv2d? projection;
    private readonly GroupNormalisation? projectionNorm;

    public BasicBlock(string name, long inChannels, long outChannels, long stride)
        : base(name)
    {
        conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        norm1 = Norm.Create(outChannels);
        conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        norm2 = Norm.Create(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            projection = Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
            projectionNorm = Norm.Create(outChannels);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = functional.relu(norm1.forward(conv1.forward(input)));
        using var b = norm2.forward(conv2.forward(a));
        using var skip = projection is null ? input.alias() : projectionNorm!.forward(projection.forward(input));
        return functional.relu(b.Plus(skip));
    }
}

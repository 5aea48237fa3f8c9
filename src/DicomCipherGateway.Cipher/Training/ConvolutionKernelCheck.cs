using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Before a process trains, checks that libtorch's fast convolution kernels (oneDNN) compute the
/// same gradients as ATen's reference kernels on this CPU, and falls back to ATen's when they do
/// not. On the project's machines oneDNN's AVX2/AVX-512 kernels were found to compute wrong input
/// gradients (<see cref="ConvolutionBackends"/>); a CPU or libtorch that does the same elsewhere must
/// not be able to produce a broken key, only a slower run.
/// </summary>
internal static class ConvolutionKernelCheck
{
    /// <summary>
    /// Largest accepted gradient difference, relative to each parameter's largest gradient. Correct
    /// kernels differed by up to 0.015 (accumulation order through training-mode batch norm); the
    /// wrong ones by about 1.
    /// </summary>
    public const double Tolerance = 0.1;

    private const int Crop = 64; // the quick preset's crops: at smaller sizes libtorch may not pick oneDNN at all
    private static readonly object Gate = new();
    private static string? verdict;

    // The check's networks: every kind of convolution training uses (7×7, strided 3×3, 3×3 at 128
    // channels, transposed, D's 64–256 channels); the kernels chosen do not depend on the run.
    private static readonly DlednetArchitecture CheckArchitecture = new(1, 1);
    private const int CheckDiscriminatorWidth = 64;

    /// <summary>Checks once per process (the choice is process-wide) and returns what training uses, in words.</summary>
    public static string Ensure()
    {
        lock (Gate)
        {
            return verdict ??= Decide(CheckArchitecture, CheckDiscriminatorWidth);
        }
    }

    /// <summary>The largest relative gradient difference between oneDNN and ATen for these networks (diagnostics and tests).</summary>
    internal static double Disagreement(DlednetArchitecture architecture, int discriminatorWidth)
    {
        ConvolutionBackends.AllowOneDnn();
        var fast = Gradients(architecture, discriminatorWidth);
        ConvolutionBackends.UseAtenKernels();
        var reference = Gradients(architecture, discriminatorWidth);
        return fast.Zip(reference, RelativeDifference).Max();
    }

    private static string Decide(DlednetArchitecture architecture, int discriminatorWidth)
    {
        if (!ConvolutionBackends.AllowOneDnn())
        {
            return "libtorch's default convolution kernels (this libtorch cannot switch oneDNN off, so they are not checked)";
        }

        var difference = Disagreement(architecture, discriminatorWidth);
        var isa = ConvolutionBackends.OneDnnIsa ?? "the CPU's best";
        if (difference <= Tolerance)
        {
            ConvolutionBackends.AllowOneDnn();
            return $"oneDNN convolutions (instruction set {isa}), gradients checked against ATen's (max relative difference {difference:0.####})";
        }

        ConvolutionBackends.UseAtenKernels();
        return $"ATen's convolution kernels (slower): oneDNN's gradients (instruction set {isa}) differ from ATen's by {difference:0.###} on this CPU";
    }

    private static float[][] Gradients(DlednetArchitecture architecture, int discriminatorWidth)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        using var g = new CipherNetwork("G", architecture);
        using var d = new PatchDiscriminator("D", architecture.Channels, discriminatorWidth);
        WeightInitialiser.FromGenerator(g, generator);
        WeightInitialiser.FromGenerator(d, generator);
        g.train();
        d.train();
        var x = torch.rand([4, architecture.Channels, Crop, Crop], generator: generator);
        var y = g.forward(x);
        var loss = d.forward(y).square().mean().Plus(y.mul(x).mean());
        loss.backward();
        return g.parameters().Concat(d.parameters()).Select(p => p.grad!.data<float>().ToArray()).ToArray();
    }

    private static double RelativeDifference(float[] a, float[] b)
    {
        double largestDifference = 0;
        double largest = 1e-12;
        for (var i = 0; i < a.Length; i++)
        {
            largestDifference = Math.Max(largestDifference, Math.Abs(a[i] - b[i]));
            largest = Math.Max(largest, Math.Abs(b[i]));
        }

        return largestDifference / largest;
    }
}

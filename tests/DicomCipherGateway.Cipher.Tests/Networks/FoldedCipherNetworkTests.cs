using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Tests.Networks;

public class FoldedCipherNetworkTests
{
    private static readonly DlednetArchitecture Architecture = new(1, 2);

    [Theory]
    [InlineData((int)FastPathFeatures.None)]
    [InlineData((int)FastPathFeatures.ChannelsLast)]
    [InlineData((int)FastPathFeatures.TapOutputConvolution)]
    [InlineData((int)FastPathFeatures.All)]
    public void Folded_fp32_equals_the_module_in_eval_mode(int features)
    {
        using var g = CipherNetworkTests.CreateWithRandomStatistics(Architecture, seed: 3);
        using var folded = new FoldedCipherNetwork(g, InferencePrecision.Float32, (FastPathFeatures)features);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.rand(2, 1, 45, 38, generator: new Generator(5)) * 2 - 1;
        var reference = g.forward(x);
        var fast = folded.Forward(x);
        Assert.Equal(reference.shape, fast.shape);
        var diff = (reference - fast).abs().max().item<float>();
        Assert.True(diff < 1e-4f, $"max |module - folded| = {diff}");
    }

    [Theory]
    [InlineData(45, 38)]
    [InlineData(6, 5)]
    public void Tap_output_convolution_equals_the_module_for_rgb_and_tiny_images(int height, int width)
    {
        // Three output channels and images smaller than the 7×7 kernel: every tap offset, including those wholly outside.
        using var g = CipherNetworkTests.CreateWithRandomStatistics(new DlednetArchitecture(3, 1), seed: 8);
        using var folded = new FoldedCipherNetwork(g, InferencePrecision.Float32);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.rand(2, 3, height, width, generator: new Generator(9)) * 2 - 1;
        var reference = g.forward(x);
        var fast = folded.Forward(x);
        Assert.Equal(reference.shape, fast.shape);
        var diff = (reference - fast).abs().max().item<float>();
        Assert.True(diff < 1e-4f, $"max |module - folded| = {diff}");
    }

    [Theory]
    [InlineData((int)FastPathFeatures.ChannelsLast)]
    [InlineData((int)FastPathFeatures.All)]
    public void Bf16_steps_stay_close_to_fp32(int features)
    {
        using var g = CipherNetworkTests.CreateWithRandomStatistics(Architecture, seed: 3);
        using var fp32 = new FoldedCipherNetwork(g, InferencePrecision.Float32, FastPathFeatures.None);
        using var bf16 = new FoldedCipherNetwork(g, InferencePrecision.BFloat16, (FastPathFeatures)features);
        using var scope = NewDisposeScope();
        var x = torch.rand(1, 1, 64, 64, generator: new Generator(5)) * 2 - 1;
        var a = ((fp32.Forward(x) + 1) / 2).flatten().data<float>().ToArray();
        var b = ((bf16.Forward(x) + 1) / 2).flatten().data<float>().ToArray();
        var psnr = ImageMetrics.Psnr(a, b);
        Assert.True(psnr > 40, $"bf16 vs fp32 PSNR {psnr:F1} dB");
    }

    [Fact]
    public void Winograd_residual_convolutions_stay_close_to_the_module_and_tile_consistently()
    {
        using var g = CipherNetworkTests.CreateWithRandomStatistics(Architecture, seed: 3);
        using var winograd = new FoldedCipherNetwork(g, InferencePrecision.Float32, FastPathFeatures.All | FastPathFeatures.WinogradResidual);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();

        // 45×38: the residual grid (12×10) is not a whole number of 4×4 Winograd tiles.
        var x = torch.rand(2, 1, 45, 38, generator: new Generator(5)) * 2 - 1;
        var reference = g.forward(x);
        var fast = winograd.Forward(x);
        var diff = (reference - fast).abs().max().item<float>();
        Assert.True(diff < 1e-3f, $"max |module - winograd| = {diff}");
        using var direct = new FoldedCipherNetwork(g, InferencePrecision.Float32);
        Assert.True((direct.Forward(x) - fast).abs().max().item<float>() > 0, "the Winograd path must actually run");
        var big = torch.rand(1, 1, 130, 97, generator: new Generator(6)) * 2 - 1;
        var whole = winograd.Forward(big);
        var tiled = TiledInference.Run(winograd.Forward, big, 48, Architecture.TileHalo);
        Assert.True((whole - tiled).abs().max().item<float>() < 1e-3f);
    }

    [Fact]
    public void Winograd_convolution_equals_the_direct_one()
    {
        using var scope = NewDisposeScope();
        var weight = torch.randn(16, 8, 3, 3, generator: new Generator(1)) * 0.2;
        var bias = torch.randn(16, generator: new Generator(2));
        using var winograd = new WinogradConvolution(weight, bias);
        var x = torch.randn(2, 8, 13, 10, generator: new Generator(3));
        var direct = nn.functional.conv2d(x, weight, bias, padding: [1, 1]);
        var fast = winograd.Forward(x);
        Assert.Equal(direct.shape, fast.shape);
        Assert.True((direct - fast).abs().max().item<float>() < 1e-4f);
    }

    [Fact]
    public void Bf16_stays_close_to_fp32()
    {
        using var g = CipherNetworkTests.CreateWithRandomStatistics(Architecture, seed: 3);
        using var fp32 = new FoldedCipherNetwork(g, InferencePrecision.Float32);
        using var bf16 = new FoldedCipherNetwork(g, InferencePrecision.BFloat16);
        using var scope = NewDisposeScope();
        var x = torch.rand(1, 1, 64, 64, generator: new Generator(5)) * 2 - 1;
        var a = ((fp32.Forward(x) + 1) / 2).flatten().data<float>().ToArray();
        var b = ((bf16.Forward(x) + 1) / 2).flatten().data<float>().ToArray();
        var psnr = ImageMetrics.Psnr(a, b);
        Assert.True(psnr > 35, $"bf16 vs fp32 PSNR {psnr:F1} dB");
        Assert.True(psnr < 200, "bf16 must actually differ from fp32");
    }

    [Fact]
    public void Folded_tiles_equal_the_whole_image()
    {
        using var g = CipherNetworkTests.CreateWithRandomStatistics(Architecture, seed: 4);
        using var folded = new FoldedCipherNetwork(g, InferencePrecision.Float32);
        using var scope = NewDisposeScope();
        var x = torch.rand(1, 1, 130, 97, generator: new Generator(6)) * 2 - 1;
        var whole = folded.Forward(x);
        var tiled = TiledInference.Run(folded.Forward, x, 48, Architecture.TileHalo);
        Assert.True((whole - tiled).abs().max().item<float>() < 1e-5f);
    }
}

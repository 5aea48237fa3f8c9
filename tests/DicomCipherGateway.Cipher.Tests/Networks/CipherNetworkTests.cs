using DicomCipherGateway.Cipher.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Tests.Networks;

public class CipherNetworkTests
{
    [Fact]
    public void Conv_weights_of_the_three_channel_paper_network_add_up_to_2847936()
    {
        // Table I's rows: 4704 + 18432 + 73728 + 18 × 147456 + 73728 + 18432 + 4704.
        using var g = new CipherNetwork("G", new DlednetArchitecture(3, 9));
        var count = g.ConvolutionWeights().Sum(w => w.numel());
        Assert.Equal(2_847_936L, count);
    }

    [Fact]
    public void Conv_weight_count_follows_the_residual_blocks_and_channels()
    {
        using var g = new CipherNetwork("G", new DlednetArchitecture(1, 6));
        var expected = (7 * 7 * 1 * 32) + (9 * 32 * 64) + (9 * 64 * 128) + (12 * 9 * 128 * 128) + (9 * 128 * 64) + (9 * 64 * 32) + (7 * 7 * 32 * 1);
        Assert.Equal(expected, g.ConvolutionWeights().Sum(w => w.numel()));
    }

    [Fact]
    public void Output_has_the_input_shape_in_tanh_range_for_sizes_off_the_stride_grid()
    {
        using var g = new CipherNetwork("G", new DlednetArchitecture(1, 1));
        g.eval();
        using var scope = NewDisposeScope();
        var x = torch.rand(2, 1, 37, 22) * 2 - 1;
        var y = g.forward(x);
        Assert.Equal(new long[] { 2, 1, 37, 22 }, y.shape);
        Assert.True(y.abs().max().item<float>() <= 1f);
    }

    [Fact]
    public void Tiled_inference_equals_the_whole_image_pass_on_a_non_square_image()
    {
        var architecture = new DlednetArchitecture(1, 2);
        using var g = CreateWithRandomStatistics(architecture, seed: 7);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.rand(1, 1, 150, 110, generator: new Generator(11)) * 2 - 1;
        var whole = g.forward(x);
        var tiled = TiledInference.Run(g.forward, x, tileSize: 48, halo: architecture.TileHalo);
        Assert.Equal(whole.shape, tiled.shape);
        var diff = (whole - tiled).abs().max().item<float>();
        Assert.True(diff < 1e-5f, $"max |whole - tiled| = {diff}");
    }

    [Fact]
    public void A_halo_smaller_than_the_receptive_field_changes_the_result()
    {
        // Shows the equality above is not vacuous: tile borders matter when the halo is too small.
        var architecture = new DlednetArchitecture(1, 2);
        using var g = CreateWithRandomStatistics(architecture, seed: 7);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.rand(1, 1, 150, 110, generator: new Generator(11)) * 2 - 1;
        var whole = g.forward(x);
        var tiled = TiledInference.Run(g.forward, x, tileSize: 48, halo: 4);
        Assert.True((whole - tiled).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void Tile_geometry_is_validated()
    {
        using var g = new CipherNetwork("G", new DlednetArchitecture(1, 1));
        using var x = torch.zeros(1, 1, 64, 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => TiledInference.Run(g.forward, x, tileSize: 30, halo: 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => TiledInference.Run(g.forward, x, tileSize: 32, halo: 6));
    }

    [Fact]
    public void Discriminator_scores_patches()
    {
        using var d = new PatchDiscriminator("D", 1, width: 8);
        using var scope = NewDisposeScope();
        var y = d.forward(torch.rand(3, 1, 32, 32));
        Assert.Equal(new long[] { 3, 1, 8, 8 }, y.shape);
    }

    [Fact]
    public void Unsupported_architectures_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DlednetArchitecture(2, 9).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DlednetArchitecture(1, 0).Validate());
    }

    internal static CipherNetwork CreateWithRandomStatistics(DlednetArchitecture architecture, int seed)
    {
        torch.random.manual_seed(seed);
        var g = new CipherNetwork("G", architecture);
        using (torch.no_grad())
        {
            // Non-trivial running statistics, as a trained key has, so eval-mode batch norm is not the identity.
            foreach (var (_, norm) in g.ConvNormPairs())
            {
                norm.running_mean!.uniform_(-0.2, 0.2);
                norm.running_var!.uniform_(0.5, 2.0);
                norm.weight!.uniform_(0.5, 1.5);
                norm.bias!.uniform_(-0.1, 0.1);
            }
        }

        g.eval();
        return g;
    }
}

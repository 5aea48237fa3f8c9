using DicomCipherGateway.Cipher.RoiMining;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.RoiMining;

public class RoiMiningNetworkTests
{
    [Theory]
    [InlineData("resnet18:8", 64, 64)]
    [InlineData("resnet18:8", 50, 70)]
    [InlineData("resnet50:4", 64, 32)]
    public void Gives_finite_full_resolution_logits_per_organ(string backbone, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        using var network = new RoiMiningNetwork("roi", RoiArchitecture.Parse(backbone));
        WeightInitialiser.FromGenerator(network, new torch.Generator(1));
        var input = torch.rand([2, 1, height, width], generator: new torch.Generator(2));
        var logits = network.forward(input);
        Assert.Equal([2L, 2L, height, width], logits.shape);
        Assert.True(torch.isfinite(logits).all().item<bool>(), "non-finite logits");
    }

    [Fact]
    public void ResNet50_has_bottleneck_stages_3_4_6_3_ending_in_2048_channels()
    {
        var architecture = RoiArchitecture.ResNet50;
        Assert.Equal([3, 4, 6, 3], architecture.Stages);
        Assert.Equal(2048, architecture.StageChannels(3));
        using var network = new RoiMiningNetwork("roi", architecture);
        var bottlenecks = network.modules().OfType<BottleneckBlock>().Count();
        Assert.Equal(16, bottlenecks);
    }
}

public class GroupNormalisationTests
{
    [Fact]
    public void Starts_as_the_identity_affine_map_on_normalised_groups()
    {
        using var scope = torch.NewDisposeScope();
        using var norm = new GroupNormalisation(8);
        foreach (var (name, p) in norm.named_parameters())
        {
            Assert.Equal(name == "weight" ? 1f : 0f, p.min().item<float>());
            Assert.Equal(name == "weight" ? 1f : 0f, p.max().item<float>());
        }

        var x = torch.rand([2, 8, 5, 5], generator: new torch.Generator(3)).mul(10.0.ToScalar());
        var y = norm.forward(x);
        var group = y[0, ..2].flatten();
        Assert.Equal(0, group.mean().item<float>(), 3);
        Assert.InRange(group.var().item<float>(), 0.97f, 1.03f);
    }
}

using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests;

public class TorchLoadTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        using var a = torch.ones(2, 3);
        Assert.Equal(6f, a.sum().item<float>());
    }
}

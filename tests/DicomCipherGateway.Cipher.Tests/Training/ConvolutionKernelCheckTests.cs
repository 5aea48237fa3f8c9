using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cipher.Tests.Training;

/// <summary>
/// The kernels training runs with must compute the gradients ATen's reference kernels compute:
/// oneDNN's AVX2/AVX-512 kernels were found to get input gradients wrong on the project's
/// machines, which is what made the quick preset collapse (docs/cipher.md, "Issue 9: the cause").
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class ConvolutionKernelCheckTests
{
    [Fact]
    public void Training_runs_with_kernels_whose_gradients_match_aten()
    {
        var verdict = ConvolutionKernelCheck.Ensure();
        if (!ConvolutionBackends.OneDnnEnabled)
        {
            Assert.StartsWith("ATen", verdict);
            return;
        }

        Assert.StartsWith("oneDNN", verdict);
        var disagreement = ConvolutionKernelCheck.Disagreement(new DlednetArchitecture(1, 2), 32);
        ConvolutionBackends.AllowOneDnn();
        Assert.True(disagreement <= ConvolutionKernelCheck.Tolerance, $"{verdict}; now {disagreement:0.###}");
    }

    [Fact]
    public void This_process_caps_onednn_for_training()
    {
        // Set by the module initializer, as dcg keygen does: without it the check falls back to ATen's slow kernels here.
        Assert.Equal(ConvolutionBackends.TrainingIsa, ConvolutionBackends.OneDnnIsa);
    }
}

// Trains the ROI network for a few steps with libtorch's oneDNN convolutions at the CPU's default
// instruction set (AVX-512 here), which every training verb now refuses: it caps oneDNN at AVX
// and checks the gradients against ATen's (docs/cipher.md, "Issue 9: the cause"). The check runs
// inside RoiTrainer.Train and switches to ATen's kernels; the first progress report switches
// oneDNN back on, so every later step runs the kernels the training verbs avoid. This answers
// one question of docs/roi-mining.md: did the full-width ResNet-50's SIGFPE come from them?
// Usage: dotnet run -c Release -- DATA MASKS BACKBONE STEPS BATCH
using DicomCipherGateway.Cipher.RoiMining;
using DicomCipherGateway.Cipher.Torch;

var (data, masks, backbone, steps, batch) = (args[0], args[1], args[2], int.Parse(args[3]), int.Parse(args[4]));
TorchRuntime.Configure(TorchDeviceChoice.Cpu, 1);
Console.Error.WriteLine($"probe: DNNL_MAX_CPU_ISA={ConvolutionBackends.OneDnnIsa ?? "(unset: the CPU's best)"}");
var options = new RoiTrainingOptions(RoiArchitecture.Parse(backbone), steps, batch, 1e-3, RoiLossKind.Mse, ReportEvery: 1, ValidateEvery: 0, CheckpointEvery: 0, Seed: 11);
options.Validate();
var training = RoiDataset.Load(data, masks, 16);
var (model, _) = new RoiTrainer(options).Train(training, [], new Reenable());
model.Dispose();
Console.Error.WriteLine("probe: finished");

sealed class Reenable : IProgress<RoiTrainingProgress>
{
    public void Report(RoiTrainingProgress value)
    {
        var on = ConvolutionBackends.AllowOneDnn();
        Console.Error.WriteLine($"probe: step {value.Step} loss {value.Loss:0.#####} {value.Elapsed.TotalSeconds:0.0} s; oneDNN on for the next step: {on && ConvolutionBackends.OneDnnEnabled}");
    }
}

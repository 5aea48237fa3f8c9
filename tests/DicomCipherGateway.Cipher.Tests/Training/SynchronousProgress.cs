using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cipher.Tests.Training;

/// <summary>Reports on the training thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}

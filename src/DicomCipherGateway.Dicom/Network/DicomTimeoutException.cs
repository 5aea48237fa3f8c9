namespace DicomCipherGateway.Dicom.Network;

/// <summary>
/// A protocol timer fired. <see cref="OperationCanceledException"/> is reserved for the
/// caller's own token; a timer expiry is this exception, naming the timer.
/// </summary>
public sealed class DicomTimeoutException : DicomNetworkException
{
    public DicomTimeoutException(DicomTimer timer, TimeSpan after)
        : base($"The {timer} timer expired after {after.TotalSeconds:0.###} s")
    {
        Timer = timer;
        After = after;
    }

    public DicomTimer Timer { get; }

    public TimeSpan After { get; }

    public override bool IsTransient => true;
}

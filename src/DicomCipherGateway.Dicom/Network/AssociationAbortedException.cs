namespace DicomCipherGateway.Dicom.Network;

/// <summary>The association ended with A-ABORT (sent by the peer or by us after a fatal error).</summary>
public sealed class AssociationAbortedException : DicomNetworkException
{
    public AssociationAbortedException(AbortSource source, AbortReason reason, string? detail = null, Exception? innerException = null)
        : base($"Association aborted by {source} ({reason}){(detail is null ? string.Empty : ": " + detail)}", innerException)
    {
        AbortSource = source;
        AbortReason = reason;
    }

    public AbortSource AbortSource { get; }

    public AbortReason AbortReason { get; }

    public override bool IsTransient => true;
}

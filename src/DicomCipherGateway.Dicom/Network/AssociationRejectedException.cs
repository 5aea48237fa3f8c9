namespace DicomCipherGateway.Dicom.Network;

/// <summary>The peer answered A-ASSOCIATE-RQ with A-ASSOCIATE-RJ (PS3.8 §9.3.4).</summary>
public sealed class AssociationRejectedException : DicomNetworkException
{
    public AssociationRejectedException(RejectResult result, RejectSource source, byte reason)
        : base($"Association rejected: {result}, source {source}, reason {RejectReasonText.Describe(source, reason)}")
    {
        Result = result;
        RejectSource = source;
        Reason = reason;
    }

    public RejectResult Result { get; }

    public RejectSource RejectSource { get; }

    /// <summary>The raw reason/diag byte; its meaning depends on <see cref="RejectSource"/>.</summary>
    public byte Reason { get; }

    public override bool IsTransient => Result == RejectResult.Transient;
}

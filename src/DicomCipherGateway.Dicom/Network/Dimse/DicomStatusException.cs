namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Thrown by <see cref="DicomStatus.EnsureSuccess"/> for a failure or cancel status.</summary>
public sealed class DicomStatusException(DicomStatus status) : DicomNetworkException($"The peer answered with status {status}")
{
    public DicomStatus Status { get; } = status;

    public override bool IsTransient => Status.Code is 0xA700 or 0x0213 or 0xA701 or 0xA702;
}

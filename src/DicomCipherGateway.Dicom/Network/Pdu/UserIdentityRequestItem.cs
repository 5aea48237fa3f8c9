namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// User identity negotiation sub-item of the request (PS3.7 D.3.3.7.1). The fields may hold
/// credentials: never log them.
/// </summary>
public sealed record UserIdentityRequestItem(UserIdentityType IdentityType, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    public override string ToString() => $"UserIdentityRequestItem {{ IdentityType = {IdentityType}, PositiveResponseRequested = {PositiveResponseRequested} }}";
}

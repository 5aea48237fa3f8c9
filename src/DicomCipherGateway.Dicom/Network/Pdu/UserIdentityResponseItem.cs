namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>User identity negotiation sub-item of the acceptance (PS3.7 D.3.3.7.2).</summary>
public sealed record UserIdentityResponseItem(ReadOnlyMemory<byte> ServerResponse)
{
    public override string ToString() => $"UserIdentityResponseItem {{ Length = {ServerResponse.Length} }}";
}

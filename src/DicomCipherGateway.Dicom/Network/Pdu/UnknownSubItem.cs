namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A user information sub-item of a type we do not interpret, kept verbatim.</summary>
public sealed record UnknownSubItem(byte ItemType, ReadOnlyMemory<byte> Value);

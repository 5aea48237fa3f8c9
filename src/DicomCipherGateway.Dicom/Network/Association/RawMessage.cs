namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>A received message before DIMSE decoding: command set bytes and, if any, the data set bytes.</summary>
internal sealed record RawMessage(byte PresentationContextId, ReadOnlyMemory<byte> Command, ReadOnlyMemory<byte>? DataSet);

namespace DicomCipherGateway.Forwarding;

/// <summary>The PACS accepted the association but no presentation context for the object's SOP class.</summary>
internal sealed class PacsRefusedException(string message) : Exception(message);

namespace DicomCipherGateway.Dicom;

/// <summary>Pixel data cannot be converted (no codec for the syntax, or the codec failed).</summary>
public sealed class DicomCodecException(string message, Exception? inner = null) : DicomException(message, inner);

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Pixel data that cannot be described, read, written or decoded: an invalid pixel module,
/// a value that does not fit, or corrupt or truncated compressed data.
/// </summary>
/// <remarks>
/// A <see cref="DicomException"/> like every error of the library, so callers (dcg, the
/// gateway) treat bad pixel data as bad input with one catch.
/// </remarks>
public sealed class DicomImagingException : DicomException
{
    public DicomImagingException(string message)
        : base(message)
    {
    }

    public DicomImagingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomImagingException()
        : base("The pixel data is invalid.")
    {
    }

    /// <summary>Creates an exception for corrupt data at a byte offset in a buffer (for example an RLE fragment).</summary>
    public DicomImagingException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>The byte offset, within the data being decoded, where the problem was found, when known.</summary>
    public long? Offset { get; }
}

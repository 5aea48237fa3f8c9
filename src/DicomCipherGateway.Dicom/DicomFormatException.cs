using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom;

/// <summary>
/// Malformed DICOM data: the message names the tag, the byte offset in the stream and the reason,
/// so an administrator can find the fault with a hex dump.
/// </summary>
public sealed class DicomFormatException : DicomException
{
    public DicomFormatException(string reason, DicomTag? tag, long offset, Exception? inner = null)
        : base(Format(reason, tag, offset), inner)
    {
        Reason = reason;
        Tag = tag;
        Offset = offset;
    }

    /// <summary>What is wrong, without position information.</summary>
    public string Reason { get; }

    /// <summary>The element being read, when one was.</summary>
    public DicomTag? Tag { get; }

    /// <summary>Byte offset from the start of the stream (after the preamble and meta header are counted in).</summary>
    public long Offset { get; }

    private static string Format(string reason, DicomTag? tag, long offset) =>
        tag is { } t ? $"{reason} at {t}, offset {offset}" : $"{reason} at offset {offset}";
}

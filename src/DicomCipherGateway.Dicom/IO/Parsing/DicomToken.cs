using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>One token of a DICOM stream.</summary>
/// <param name="Type">Kind of token.</param>
/// <param name="Tag">Tag of the element, sequence, item or delimiter.</param>
/// <param name="VR">VR (explicit, or the dictionary's for implicit VR); None for items and delimiters.</param>
/// <param name="Length">Value length, or -1 for undefined length.</param>
/// <param name="Offset">Absolute offset of the header's first byte.</param>
/// <param name="IsImplicitInside">For sequence starts: the content is implicit VR little endian (an undefined-length UN).</param>
/// <param name="IsVRImplied">The VR was not on the wire but taken from the dictionary (implicit VR).</param>
public readonly record struct DicomToken(DicomTokenType Type, DicomTag Tag, DicomVR VR, long Length, long Offset, bool IsImplicitInside = false, bool IsVRImplied = false)
{
    public bool IsUndefinedLength => Length < 0;
}

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>One UID of the PS3.6 Annex A registry.</summary>
/// <param name="Uid">The UID.</param>
/// <param name="Keyword">Keyword (as DCMTK and PS3.6 spell it, without spaces).</param>
/// <param name="Name">Readable name.</param>
/// <param name="Type">SOPClass, TransferSyntax, FrameOfReference, CodingScheme, ApplicationContextName or WellKnown.</param>
/// <param name="IsRetired">Retired from the standard.</param>
public sealed record DicomUidEntry(string Uid, string Keyword, string Name, string Type, bool IsRetired);

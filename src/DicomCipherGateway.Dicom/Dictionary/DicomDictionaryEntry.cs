using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>One data element of PS3.6 (or a pattern of them, for repeating groups).</summary>
/// <param name="Tag">The tag; for a repeating group the first one, e.g. (6000,3000).</param>
/// <param name="Mask">Bits of a tag that must equal <paramref name="Tag"/> (FF00FFFF for 60xx).</param>
/// <param name="ValueRepresentations">Allowed VRs, most usual first ("OB or OW" gives two).</param>
/// <param name="ValueMultiplicity">VM as the standard writes it: 1, 1-n, 2-2n ...</param>
/// <param name="Keyword">PS3.6 keyword.</param>
/// <param name="Name">PS3.6 name.</param>
/// <param name="IsRetired">Retired from the standard.</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    uint Mask,
    IReadOnlyList<DicomVR> ValueRepresentations,
    string ValueMultiplicity,
    string Keyword,
    string Name,
    bool IsRetired)
{
    /// <summary>The VR used when none is on the wire (implicit VR): the first listed, OW for "OB or OW".</summary>
    public DicomVR DefaultVR => ValueRepresentations.Count switch
    {
        0 => DicomVR.None,
        _ when ValueRepresentations.Contains(DicomVR.OW) => DicomVR.OW,
        _ => ValueRepresentations[0],
    };

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}

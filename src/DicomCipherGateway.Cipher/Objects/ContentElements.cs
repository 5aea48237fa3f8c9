using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>Which elements of an original object leave the header of its ciphertext object (and are sealed).</summary>
internal static class ContentElements
{
    private static readonly DicomTag FloatPixelData = new(0x7FE00008);
    private static readonly DicomTag DoubleFloatPixelData = new(0x7FE00009);

    /// <summary>
    /// True for elements that show image content or describe the original's stored values:
    /// every element of group 7FE0 — Pixel Data, Float/Double Float Pixel Data, the Extended Offset
    /// Table and its Lengths (7FE0,0001/0002: they describe the original's fragments and may not
    /// stand next to native Pixel Data), Encapsulated Pixel Data Value Total Length (7FE0,0003) and the
    /// retired Coefficients SDVN/SDHN/SDDN; Icon Image Sequence; every element of the overlay (60xx)
    /// and retired curve/audio (50xx) groups; the Waveform Sequence group 5400; Pixel Data Provider
    /// URL; Smallest/Largest Image Pixel Value and Pixel Value in Series, Pixel Padding Value and
    /// Range Limit; the Modality and VOI LUT attributes (windows, rescale, LUT sequences: they
    /// describe the original's values, are often chosen from its content, and would make a viewer
    /// render the view wrongly; Rescale Type stays, as it names a unit and the CT IOD requires "HU");
    /// the palette colour and supplemental palette LUTs (0028,1100–1223); and group lengths
    /// (gggg,0000), which the changes would make stale.
    /// </summary>
    public static bool IsRemoved(DicomTag tag) =>
        tag.Group == 0x7FE0
        || tag == DicomTags.IconImageSequence
        || (tag.Group is >= 0x6000 and <= 0x601E && tag.Group % 2 == 0)
        || (tag.Group is >= 0x5000 and <= 0x501E && tag.Group % 2 == 0)
        || tag.Group == 0x5400
        || tag.Value == 0x00287FE0
        || tag.Value is >= 0x00280106 and <= 0x00280109
        || tag.Value is 0x00280120 or 0x00280121
        || (tag.Value is >= 0x00281050 and <= 0x00281056 && tag.Value != 0x00281054)
        || tag.Value is >= 0x00281100 and <= 0x00281223
        || tag.Value is 0x00283000 or 0x00283010
        || (tag.Element == 0x0000 && tag.Group != 0x0002);

    /// <summary>The group 7FE0 elements other than Pixel Data that describe the original's encapsulated fragments (the paper profile re-encodes, so they are not restored).</summary>
    public static bool IsFragmentIndex(DicomTag tag) => tag.Value is 0x7FE00001 or 0x7FE00002 or 0x7FE00003;

    /// <summary>Every element the ciphertext object does not carry as in the original: removed ones and the rewritten pixel module.</summary>
    public static bool IsSealed(DicomTag tag) => IsRemoved(tag) || PixelModule.RewrittenTags.Contains(tag);

    public static bool HasFloatPixelData(DicomDataset dataset) => dataset.Contains(FloatPixelData) || dataset.Contains(DoubleFloatPixelData);
}

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
    /// Pixel Data and the float pixel data elements, Icon Image Sequence, every element of the
    /// overlay (60xx) and retired curve (50xx) groups, Smallest/Largest Image Pixel Value and Pixel
    /// Value in Series, Pixel Padding Value and Range Limit; and group lengths (gggg,0000), which the
    /// changes would make stale.
    /// </summary>
    public static bool IsRemoved(DicomTag tag) =>
        tag == DicomTags.PixelData
        || tag == FloatPixelData
        || tag == DoubleFloatPixelData
        || tag == DicomTags.IconImageSequence
        || (tag.Group is >= 0x6000 and <= 0x601E && tag.Group % 2 == 0)
        || (tag.Group is >= 0x5000 and <= 0x501E && tag.Group % 2 == 0)
        || tag.Value is >= 0x00280106 and <= 0x00280109
        || tag.Value is 0x00280120 or 0x00280121
        || (tag.Element == 0x0000 && tag.Group != 0x0002);

    /// <summary>Every element the ciphertext object does not carry as in the original: removed ones and the rewritten pixel module.</summary>
    public static bool IsSealed(DicomTag tag) => IsRemoved(tag) || PixelModule.RewrittenTags.Contains(tag);

    public static bool HasFloatPixelData(DicomDataset dataset) => dataset.Contains(FloatPixelData) || dataset.Contains(DoubleFloatPixelData);
}

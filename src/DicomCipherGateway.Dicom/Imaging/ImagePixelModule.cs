using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Reads the Image Pixel Module (group 0028, PS3.3 C.7.6.3) of a dataset into a
/// <see cref="PixelDataDescription"/>; every error names the attribute that is missing or wrong.
/// </summary>
internal static class ImagePixelModule
{
    public static PixelDataDescription Describe(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var samplesPerPixel = RequiredUS(dataset, DicomTags.SamplesPerPixel, "Samples per Pixel");
        var rows = RequiredUS(dataset, DicomTags.Rows, "Rows");
        var columns = RequiredUS(dataset, DicomTags.Columns, "Columns");
        var bitsAllocated = RequiredUS(dataset, DicomTags.BitsAllocated, "Bits Allocated");
        var bitsStored = RequiredUS(dataset, DicomTags.BitsStored, "Bits Stored");
        var highBit = RequiredUS(dataset, DicomTags.HighBit, "High Bit");
        var pixelRepresentation = RequiredUS(dataset, DicomTags.PixelRepresentation, "Pixel Representation");
        var photometric = dataset.GetString(DicomTags.PhotometricInterpretation)
            ?? throw Missing("Photometric Interpretation", DicomTags.PhotometricInterpretation);

        // Planar Configuration is Type 1C: absent means color-by-pixel (and it is absent for one sample).
        var planar = samplesPerPixel > 1 && dataset.GetElement(DicomTags.PlanarConfiguration) is { Length: > 0 }
            ? RequiredUS(dataset, DicomTags.PlanarConfiguration, "Planar Configuration")
            : 0;
        return new PixelDataDescription(
            rows,
            columns,
            NumberOfFrames(dataset),
            samplesPerPixel,
            bitsAllocated,
            bitsStored,
            highBit,
            (PixelRepresentation)pixelRepresentation,
            (PlanarConfiguration)planar,
            PhotometricInterpretationCodes.Parse(photometric));
    }

    /// <summary>Number of Frames (0028,0008), an IS; absent or empty means one frame.</summary>
    public static int NumberOfFrames(DicomDataset dataset)
    {
        var text = dataset.GetString(DicomTags.NumberOfFrames);
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var frames)
            ? frames
            : throw new DicomImagingException($"Invalid pixel description: Number of Frames (0028,0008) '{text.Trim()}' is not an integer.");
    }

    private static int RequiredUS(DicomDataset dataset, DicomTag tag, string name)
    {
        var element = dataset.GetElement(tag);
        if (element is null || element.Length == 0)
        {
            throw Missing(name, tag);
        }

        if (element.Length < 2)
        {
            throw new DicomImagingException($"Invalid pixel description: {name} {tag} has {element.Length} byte(s); a US value needs 2.");
        }

        // Implicit VR files read without a dictionary may leave it as UN: the bytes are the same.
        return element.GetValue<ushort>();
    }

    private static DicomImagingException Missing(string name, DicomTag tag) =>
        new($"Invalid pixel description: {name} {tag} is missing or empty; it is required to read Pixel Data (7FE0,0010).");
}

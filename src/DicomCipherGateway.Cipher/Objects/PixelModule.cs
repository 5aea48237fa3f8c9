using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>The Image Pixel Module attributes of an object: reading them, and their canonical text (private block and AAD).</summary>
internal static class PixelModule
{
    /// <summary>The attributes the ciphertext object rewrites (its view's layout); the originals are sealed.</summary>
    public static IReadOnlyList<DicomTag> RewrittenTags { get; } =
    [
        DicomTags.SamplesPerPixel,
        DicomTags.PhotometricInterpretation,
        DicomTags.PlanarConfiguration,
        DicomTags.BitsAllocated,
        DicomTags.BitsStored,
        DicomTags.HighBit,
        DicomTags.PixelRepresentation,
    ];

    /// <summary>The pixel description of <paramref name="dataset"/>, or a <see cref="CipherObjectException"/> naming the attribute.</summary>
    public static PixelDataDescription Describe(DicomDataset dataset, string? sop)
    {
        try
        {
            var photometric = dataset.GetString(DicomTags.PhotometricInterpretation)
                ?? throw Missing(sop, "Photometric Interpretation (0028,0004)");
            var frames = 1;
            var nf = dataset.GetString(DicomTags.NumberOfFrames);
            if (!string.IsNullOrWhiteSpace(nf))
            {
                frames = int.Parse(nf.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }

            dataset.TryGetValue<ushort>(DicomTags.PlanarConfiguration, out var planar);
            return new PixelDataDescription(
                Required(dataset, DicomTags.Rows, "Rows (0028,0010)", sop),
                Required(dataset, DicomTags.Columns, "Columns (0028,0011)", sop),
                frames,
                Required(dataset, DicomTags.SamplesPerPixel, "Samples per Pixel (0028,0002)", sop),
                Required(dataset, DicomTags.BitsAllocated, "Bits Allocated (0028,0100)", sop),
                Required(dataset, DicomTags.BitsStored, "Bits Stored (0028,0101)", sop),
                Required(dataset, DicomTags.HighBit, "High Bit (0028,0102)", sop),
                (PixelRepresentation)Required(dataset, DicomTags.PixelRepresentation, "Pixel Representation (0028,0103)", sop),
                (PlanarConfiguration)planar,
                PhotometricInterpretationCodes.Parse(photometric.Trim()));
        }
        catch (Exception ex) when (ex is DicomImagingException or FormatException or ArgumentException or OverflowException)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, $"the pixel module cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One line naming every pixel-module attribute as the object has it (absent ones as "-"),
    /// plus the transfer syntax: what the private block shows and the GCM associated data binds.
    /// </summary>
    public static string CanonicalText(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        string Value(DicomTag tag)
        {
            var e = dataset.GetElement(tag);
            if (e is null)
            {
                return "-";
            }

            return e.VR == DicomVR.US || (e.VR == DicomVR.UN && e.Length == 2)
                ? e.GetValue<ushort>().ToString(CultureInfo.InvariantCulture)
                : e.GetString().Trim();
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"rows={Value(DicomTags.Rows)};columns={Value(DicomTags.Columns)};frames={Value(DicomTags.NumberOfFrames)};samples={Value(DicomTags.SamplesPerPixel)};photometric={Value(DicomTags.PhotometricInterpretation)};planar={Value(DicomTags.PlanarConfiguration)};bits-allocated={Value(DicomTags.BitsAllocated)};bits-stored={Value(DicomTags.BitsStored)};high-bit={Value(DicomTags.HighBit)};pixel-representation={Value(DicomTags.PixelRepresentation)};transfer-syntax={syntax.Uid}");
    }

    private static int Required(DicomDataset dataset, DicomTag tag, string name, string? sop)
    {
        if (!dataset.TryGetValue<ushort>(tag, out var value))
        {
            throw Missing(sop, name);
        }

        return value;
    }

    private static CipherObjectException Missing(string? sop, string name) =>
        new(sop, CipherObjectFailure.Unsupported, $"{name} is missing or empty, so the pixel data cannot be read.");
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>The storage SOP classes and transfer syntaxes the network verbs offer when they receive objects.</summary>
internal static class StorageClasses
{
    /// <summary>Every non-retired storage SOP class in the dictionary.</summary>
    public static IReadOnlyList<DicomUid> All { get; } = [.. DicomDictionary.Default.Uids
        .Where(u => !u.IsRetired && u.Type == "SOPClass" && u.Name.EndsWith("Storage", StringComparison.Ordinal))
        .Select(u => new DicomUid(u.Uid))];

    /// <summary>The classes a C-GET proposes (at most 120, so the query contexts still fit into 128).</summary>
    public static IReadOnlyList<DicomUid> ForGet { get; } = [.. new[]
    {
        DicomUids.CTImageStorage, DicomUids.MRImageStorage, DicomUids.ComputedRadiographyImageStorage, DicomUids.SecondaryCaptureImageStorage,
        DicomUids.UltrasoundImageStorage, DicomUids.UltrasoundMultiframeImageStorage, DicomUids.NuclearMedicineImageStorage,
        DicomUids.XRayAngiographicImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.EnhancedMRImageStorage,
    }.Concat(All).Distinct().Take(120)];

    /// <summary>What we accept, most preferred first: native syntaxes, then common compressed ones (stored as received).</summary>
    public static DicomTransferSyntax[] Accepted { get; } =
    [
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        DicomTransferSyntax.RLELossless,
        DicomTransferSyntax.JPEGBaseline8Bit,
        DicomTransferSyntax.JPEGExtended12Bit,
        DicomTransferSyntax.JPEGLossless,
        DicomTransferSyntax.JPEGLosslessSV1,
        DicomTransferSyntax.JPEGLSLossless,
        DicomTransferSyntax.JPEGLSNearLossless,
        DicomTransferSyntax.JPEG2000Lossless,
        DicomTransferSyntax.JPEG2000,
    ];
}

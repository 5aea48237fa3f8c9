using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Part10;

/// <summary>
/// The File Meta Information of a Part 10 file (PS3.10 §7.1): group 0002, always Explicit VR Little
/// Endian, with its group length computed on write. Wraps the group's elements as a dataset.
/// </summary>
public sealed class FileMetaInformation
{
    public static readonly DicomTag GroupLengthTag = new(0x00020000);
    public static readonly DicomTag VersionTag = new(0x00020001);
    public static readonly DicomTag MediaStorageSOPClassUIDTag = new(0x00020002);
    public static readonly DicomTag MediaStorageSOPInstanceUIDTag = new(0x00020003);
    public static readonly DicomTag TransferSyntaxUIDTag = new(0x00020010);
    public static readonly DicomTag ImplementationClassUIDTag = new(0x00020012);
    public static readonly DicomTag ImplementationVersionNameTag = new(0x00020013);
    public static readonly DicomTag SourceApplicationEntityTitleTag = new(0x00020016);

    /// <summary>This implementation's class UID (under the UUID root 2.25) and version name.</summary>
    public const string ImplementationClassUid = "2.25.205432112302958611467127447591264612011";
    public const string ImplementationVersion = "DCG_0_1";

    public FileMetaInformation(DicomDataset elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Elements = elements;
    }

    /// <summary>The group 0002 elements.</summary>
    public DicomDataset Elements { get; }

    public DicomTransferSyntax TransferSyntax
    {
        get => Elements.GetString(TransferSyntaxUIDTag) is { Length: > 0 } uid
            ? DicomTransferSyntax.FromUid(uid)
            : throw new DicomFormatException("the File Meta Information has no Transfer Syntax UID (0002,0010)", TransferSyntaxUIDTag, 0);
        set => Elements.SetString(TransferSyntaxUIDTag, DicomVR.UI, value.Uid);
    }

    public string? MediaStorageSOPClassUid => Elements.GetString(MediaStorageSOPClassUIDTag);

    public string? MediaStorageSOPInstanceUid => Elements.GetString(MediaStorageSOPInstanceUIDTag);

    public string? ImplementationClassUidValue => Elements.GetString(ImplementationClassUIDTag);

    public string? SourceApplicationEntityTitle => Elements.GetString(SourceApplicationEntityTitleTag);

    /// <summary>Meta information for a dataset: SOP Class/Instance from (0008,0016)/(0008,0018), this implementation's identity.</summary>
    public static FileMetaInformation Create(DicomDataset dataset, DicomTransferSyntax syntax, string? sourceAeTitle = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var meta = new DicomDataset();
        meta.SetBytes(VersionTag, DicomVR.OB, new byte[] { 0x00, 0x01 });
        meta.SetString(MediaStorageSOPClassUIDTag, DicomVR.UI, dataset.GetString(new DicomTag(0x00080016)) ?? string.Empty);
        meta.SetString(MediaStorageSOPInstanceUIDTag, DicomVR.UI, dataset.GetString(new DicomTag(0x00080018)) ?? string.Empty);
        meta.SetString(TransferSyntaxUIDTag, DicomVR.UI, syntax.Uid);
        meta.SetString(ImplementationClassUIDTag, DicomVR.UI, ImplementationClassUid);
        meta.SetString(ImplementationVersionNameTag, DicomVR.SH, ImplementationVersion);
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            meta.SetString(SourceApplicationEntityTitleTag, DicomVR.AE, sourceAeTitle);
        }

        return new FileMetaInformation(meta);
    }
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// Signs that an object was a ciphertext object, used when it carries no valid private block: then
/// its envelope was stripped or damaged (a PACS that drops or renames private elements, or an
/// attacker), and the object is refused as tampered, never passed as plaintext.
/// </summary>
internal static class CiphertextRemnants
{
    /// <summary>The Implementation Class UID of ciphertext object files: this implementation's, plus ".1" (it owns the arc under its UUID).</summary>
    public const string ImplementationClassUid = FileMetaInformation.ImplementationClassUid + ".1";

    /// <summary>The Implementation Version Name of ciphertext object files.</summary>
    public const string ImplementationVersionName = "DCG_CIPHERTEXT";

    /// <summary>What the view's Window Center &amp; Width Explanation says.</summary>
    public const string WindowExplanation = "CIPHERTEXT VIEW";

    private const string CreatorStem = "DICOMCIPHERGATEWAY";

    /// <summary>Gives a ciphertext object's file its own implementation identity, so a file copy of it is recognisable even stripped of its private block.</summary>
    public static void MarkFileMeta(FileMetaInformation meta)
    {
        meta.Elements.SetString(FileMetaInformation.ImplementationClassUIDTag, DicomVR.UI, ImplementationClassUid);
        meta.Elements.SetString(FileMetaInformation.ImplementationVersionNameTag, DicomVR.SH, ImplementationVersionName);
    }

    /// <summary>
    /// Every remnant in <paramref name="dataset"/> (and <paramref name="meta"/> when the object came
    /// from a file), one phrase each: an element of group 7FD1; a Private Creator naming
    /// DICOMCIPHERGATEWAY in any group; the ciphertext files' Implementation Class UID; the view's
    /// window explanation. Empty for an object that never was a ciphertext object (or whose every
    /// trace was removed on purpose: the legacy-plaintext policy decides then).
    /// </summary>
    public static IReadOnlyList<string> Find(DicomDataset dataset, FileMetaInformation? meta)
    {
        var found = new List<string>();
        if (dataset.Any(item => item.Tag.Group == CiphertextPrivateBlock.Group))
        {
            found.Add($"elements of the private group {CiphertextPrivateBlock.Group:X4}, where ciphertext objects keep their envelope");
        }

        foreach (var item in dataset)
        {
            if (item.Tag.IsPrivateCreator && item is DicomElement e && CiphertextPrivateBlock.CreatorText(e).Contains(CreatorStem, StringComparison.OrdinalIgnoreCase))
            {
                found.Add($"a Private Creator {item.Tag} naming {CreatorStem}");
            }
        }

        if (string.Equals(meta?.ImplementationClassUidValue?.TrimEnd('\0', ' '), ImplementationClassUid, StringComparison.Ordinal))
        {
            found.Add($"the Implementation Class UID of ciphertext object files ({ImplementationClassUid})");
        }

        if (dataset.GetString(DicomTags.WindowCenterWidthExplanation) is { } explanation
            && explanation.Contains(WindowExplanation, StringComparison.OrdinalIgnoreCase))
        {
            found.Add($"the ciphertext view's Window Center & Width Explanation \"{WindowExplanation}\"");
        }

        return found;
    }
}

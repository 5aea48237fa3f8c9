using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// The one seam for "which storage SOP classes and transfer syntaxes the gateway takes". For now
/// every non-retired storage class of the library's dictionary (as dcg listen does); when the
/// library gains its own catalogue with an "unknown classes" option (storage classes issue),
/// this class switches to it and nothing else changes.
/// </summary>
internal static class StorageSopClasses
{
    public static IReadOnlyList<DicomUid> All { get; } = [.. DicomDictionary.Default.Uids
        .Where(u => !u.IsRetired && u.Type == "SOPClass" && u.Name.EndsWith("Storage", StringComparison.Ordinal))
        .Select(u => new DicomUid(u.Uid))];

    /// <summary>
    /// The library's storage syntaxes: native first (G can render them), then compressed ones, which
    /// are taken as received and sealed with the noise view: nothing is refused for its encoding.
    /// </summary>
    public static DicomTransferSyntax[] Accepted { get; } = [.. StorageAcceptance.DefaultTransferSyntaxes];
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// One instance a C-GET handler wants sent back on the association, with the number of
/// instances still to come after it. <paramref name="Path"/>, when given, lets the library copy
/// the encoded data set from the file unchanged if the peer accepted the file's transfer syntax.
/// </summary>
public sealed record RetrieveItem(DicomFile File, int Remaining, string? Path = null)
{
    /// <summary>Set by <see cref="Failed"/>: the sub-operation failed before it could be sent (for example the handler could not produce the instance); it is counted failed with this status.</summary>
    public DicomStatus? FailureStatus { get; private init; }

    /// <summary>An instance that cannot be sent: counted as a failed sub-operation, its UID in the final Failed SOP Instance UID List; the rest go on.</summary>
    public static RetrieveItem Failed(string sopInstanceUid, int remaining, DicomStatus status)
    {
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);
        var placeholder = new DicomDataset();
        placeholder.SetString(DicomTags.SOPInstanceUID, sopInstanceUid);
        return new RetrieveItem(new DicomFile(placeholder, DicomTransferSyntax.ExplicitVRLittleEndian), remaining) { FailureStatus = status };
    }
}

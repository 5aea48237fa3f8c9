using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// One instance a C-GET handler wants sent back on the association, with the number of
/// instances still to come after it. <paramref name="Path"/>, when given, lets the library copy
/// the encoded data set from the file unchanged if the peer accepted the file's transfer syntax.
/// </summary>
public sealed record RetrieveItem(DicomFile File, int Remaining, string? Path = null);

using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A C-FIND response as the SCU sees it: a Pending one carries a match; the final one has none.</summary>
public sealed record CFindResponse(DicomStatus Status, DicomDataset? Identifier);

using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// What came of asking the PACS for its storage commitment: its report; or that it does not offer
/// Storage Commitment Push Model (it did not accept the SOP class); or why no report came.
/// </summary>
internal sealed record PacsCommitmentOutcome(bool Offered, StorageCommitmentResult? Report, string? Problem)
{
    public static PacsCommitmentOutcome NotOffered { get; } = new(false, null, "the PACS does not accept Storage Commitment Push Model");

    public static PacsCommitmentOutcome Reported(StorageCommitmentResult report) => new(true, report, null);

    public static PacsCommitmentOutcome Failed(string problem) => new(true, null, problem);
}

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Counts of a C-MOVE/C-GET's sub-operations, as reported in its responses (PS3.4 C.4.2.1.6).</summary>
internal sealed class RetrieveProgress
{
    private readonly List<string> _failed = [];

    public int? Remaining { get; private set; }

    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public int Warning { get; private set; }

    public IReadOnlyList<string> FailedSopInstanceUids => _failed;

    public void Add(SubOperationResult result)
    {
        Remaining = Math.Max(0, result.Remaining);
        switch (result.Status.Category)
        {
            case DicomStatusCategory.Success:
                Completed++;
                break;
            case DicomStatusCategory.Warning:
                Warning++;
                break;
            default:
                Failed++;
                if (result.SopInstanceUid.Length > 0)
                {
                    _failed.Add(result.SopInstanceUid);
                }

                break;
        }
    }

    /// <summary>Success when every sub-operation succeeded; A702 when all failed; otherwise B000.</summary>
    public DicomStatus FinalStatus =>
        Failed == 0 && Warning == 0 ? DicomStatus.Success
        : Completed == 0 && Warning == 0 ? DicomStatus.UnableToPerformSubOperations
        : DicomStatus.SubOperationsCompleteWithFailures;
}

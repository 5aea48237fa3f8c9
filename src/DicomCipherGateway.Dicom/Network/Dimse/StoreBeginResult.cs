namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The first phase of a C-STORE: where to put the data set, or a status that refuses it at once.</summary>
public readonly record struct StoreBeginResult(IDatasetSink? Sink, DicomStatus Status)
{
    public static StoreBeginResult Accept(IDatasetSink sink) => new(sink ?? throw new ArgumentNullException(nameof(sink)), DicomStatus.Success);

    /// <summary>Refuse before receiving (for example <see cref="DicomStatus.OutOfResources"/>); the data set is read and discarded.</summary>
    public static StoreBeginResult Refuse(DicomStatus status) => new(null, status);
}

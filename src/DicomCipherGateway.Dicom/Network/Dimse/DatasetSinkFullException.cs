namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A sink refused more data; the store is answered with Out of Resources (A700).</summary>
public sealed class DatasetSinkFullException(long limit) : DicomNetworkException($"The data set exceeds the sink's limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}

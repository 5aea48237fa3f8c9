namespace DicomCipherGateway.Dicom.Network;

/// <summary>
/// Base of every networking failure. <see cref="DicomException.IsTransient"/> tells a retry
/// policy whether a new association later can reasonably succeed.
/// </summary>
public class DicomNetworkException : DicomException
{
    public DicomNetworkException(string message) : base(message) { }

    public DicomNetworkException(string message, Exception? innerException) : base(message, innerException) { }
}

namespace DicomCipherGateway.Dicom.Network;

/// <summary>
/// Base of every networking failure. <see cref="IsTransient"/> tells a retry policy whether
/// trying again later (a new association) can reasonably succeed.
/// </summary>
public class DicomNetworkException : Exception
{
    public DicomNetworkException(string message) : base(message) { }

    public DicomNetworkException(string message, Exception? innerException) : base(message, innerException) { }

    public virtual bool IsTransient => false;
}

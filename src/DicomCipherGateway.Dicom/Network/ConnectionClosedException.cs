namespace DicomCipherGateway.Dicom.Network;

/// <summary>The transport connection closed while the association still needed it.</summary>
public sealed class ConnectionClosedException : DicomNetworkException
{
    public ConnectionClosedException(string message, Exception? innerException = null) : base(message, innerException) { }

    public override bool IsTransient => true;
}

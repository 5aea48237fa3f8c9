using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>Where and how a <see cref="DicomClient"/> connects.</summary>
public sealed record DicomClientOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>TCP by default; wrap in <see cref="TlsTransport"/> for DICOM TLS.</summary>
    public IDicomTransport Transport { get; init; } = new SocketTransport();

    public AssociationTimeouts Timeouts { get; init; } = AssociationTimeouts.Default;
}

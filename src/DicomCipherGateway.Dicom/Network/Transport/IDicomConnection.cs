using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// One transport connection as protocols see it: a duplex pipe plus its endpoints. Only the
/// transport layer touches sockets or streams; everything above reads and writes pipes.
/// </summary>
public interface IDicomConnection : IAsyncDisposable
{
    /// <summary>A short id for logs (never derived from patient data).</summary>
    string Id { get; }

    IDuplexPipe Transport { get; }

    EndPoint? LocalEndPoint { get; }

    EndPoint? RemoteEndPoint { get; }

    /// <summary>The peer's TLS certificate, when the connection is TLS and the peer sent one.</summary>
    X509Certificate2? RemoteCertificate { get; }

    /// <summary>
    /// Completes connection set-up that must not run inside an accept loop (the TLS handshake).
    /// A no-op for plain connections. Call it once, before using <see cref="Transport"/>.
    /// </summary>
    ValueTask EstablishAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection at once, without draining; idempotent and thread-safe.</summary>
    void Abort();
}

using System.Net;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>A bound endpoint that yields incoming connections.</summary>
public interface IDicomConnectionListener : IAsyncDisposable
{
    /// <summary>The bound endpoint (with the real port when port 0 was asked for).</summary>
    EndPoint EndPoint { get; }

    /// <summary>The next connection, or null once the listener is disposed.</summary>
    ValueTask<IDicomConnection?> AcceptAsync(CancellationToken cancellationToken);
}

using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Where a received data set's bytes go, in the presentation context's transfer syntax, as
/// they arrive. The association waits for each write, so a slow sink slows the peer (TCP
/// backpressure) instead of growing memory. <see cref="DisposeAsync"/> must delete anything
/// left behind when <see cref="CompleteAsync"/> was never called.
/// </summary>
public interface IDatasetSink : IAsyncDisposable
{
    /// <summary><paramref name="fragment"/> is valid only during the call.</summary>
    ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken);

    /// <summary>The whole data set arrived (the last fragment was written).</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Bytes written so far.</summary>
    long Length { get; }
}

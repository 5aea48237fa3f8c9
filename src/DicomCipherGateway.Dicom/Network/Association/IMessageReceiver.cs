using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// What the upper layer hands up from P-DATA-TF: a whole command set, then the data set's
/// fragments as they arrive (so a large data set streams to its sink instead of being held).
/// Calls come from the association's read loop one at a time; while one is awaited no more
/// is read from the peer, which is the backpressure.
/// </summary>
internal interface IMessageReceiver
{
    ValueTask OnCommandAsync(byte presentationContextId, ReadOnlyMemory<byte> command, CancellationToken cancellationToken);

    /// <summary><paramref name="fragment"/> is valid only during the call.</summary>
    ValueTask OnDataAsync(byte presentationContextId, ReadOnlySequence<byte> fragment, bool last, CancellationToken cancellationToken);

    /// <summary>The peer asked to release; return when outstanding responses are sent.</summary>
    ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken);

    /// <summary>The association ended (released or broken); a message in progress is incomplete and must be discarded.</summary>
    void OnClosed(Exception? reason);
}

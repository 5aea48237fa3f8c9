using System.Buffers;
using System.Threading.Channels;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// Collects whole messages in memory, up to a size limit, into a bounded queue. Used where
/// messages are small (responses, and tests); storage data sets go to sinks instead.
/// The caller says whether a data set follows a command, since only DIMSE knows.
/// </summary>
internal sealed class BufferingMessageReceiver(Func<ReadOnlyMemory<byte>, bool> dataSetFollows, long maxDataSetLength = 16 * 1024 * 1024) : IMessageReceiver
{
    private readonly Channel<RawMessage> _messages = Channel.CreateBounded<RawMessage>(16);
    private readonly ArrayBufferWriter<byte> _data = new();
    private (byte Context, ReadOnlyMemory<byte> Command)? _pending;

    public ChannelReader<RawMessage> Messages => _messages.Reader;

    public Func<CancellationToken, ValueTask>? OnRelease { get; init; }

    public async ValueTask OnCommandAsync(byte presentationContextId, ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        if (_pending is not null)
        {
            throw new PeerProtocolException("A command set arrived where a data set was expected") { AbortReason = AbortReason.UnexpectedPduParameter };
        }

        if (dataSetFollows(command))
        {
            _pending = (presentationContextId, command);
            return;
        }

        await _messages.Writer.WriteAsync(new RawMessage(presentationContextId, command, null), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnDataAsync(byte presentationContextId, ReadOnlySequence<byte> fragment, bool last, CancellationToken cancellationToken)
    {
        if (_pending is not { } pending)
        {
            throw new PeerProtocolException("A data set arrived without a command that announced one") { AbortReason = AbortReason.UnexpectedPduParameter };
        }

        if (_data.WrittenCount + fragment.Length > maxDataSetLength)
        {
            throw new PeerProtocolException($"Data set larger than {maxDataSetLength} bytes") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        foreach (var segment in fragment)
        {
            _data.Write(segment.Span);
        }

        if (last)
        {
            var data = _data.WrittenMemory.ToArray();
            _data.ResetWrittenCount();
            _pending = null;
            await _messages.Writer.WriteAsync(new RawMessage(pending.Context, pending.Command, data), cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken) =>
        OnRelease?.Invoke(cancellationToken) ?? ValueTask.CompletedTask;

    public void OnClosed(Exception? reason)
    {
        // A half-received message is dropped here, never delivered as complete.
        _pending = null;
        _data.ResetWrittenCount();
        _messages.Writer.TryComplete(reason);
    }
}

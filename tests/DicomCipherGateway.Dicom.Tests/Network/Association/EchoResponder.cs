using System.Buffers;
using System.Threading.Channels;
using DicomCipherGateway.Dicom.Network.Association;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>
/// A test message receiver for the server: answers every C-ECHO-RQ with a hand-built
/// C-ECHO-RSP, and records what else arrives, so the upper layer can be tested before DIMSE.
/// </summary>
internal sealed class EchoResponder(AssociationEngine engine, Channel<string>? events = null) : IMessageReceiver
{
    private readonly Channel<string>? _events = events;
    private readonly List<Task> _sending = [];

    public ValueTask OnCommandAsync(byte presentationContextId, ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        var field = EchoCommands.ReadUShort(command.Span, 0x0100);
        _events?.Writer.TryWrite($"command {field:X4}");
        if (field == 0x0030)
        {
            var id = EchoCommands.ReadUShort(command.Span, 0x0110)!.Value;

            // Answer off the read loop, as a dispatcher would.
            lock (_sending)
            {
                _sending.Add(Task.Run(() => engine.SendMessageAsync(presentationContextId, EchoCommands.Response(id), (Stream?)null, CancellationToken.None), CancellationToken.None));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnDataAsync(byte presentationContextId, ReadOnlySequence<byte> fragment, bool last, CancellationToken cancellationToken)
    {
        _events?.Writer.TryWrite(last ? $"data {fragment.Length} last" : $"data {fragment.Length}");
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_sending)
        {
            pending = [.. _sending];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    public void OnClosed(Exception? reason) => _events?.Writer.TryWrite(reason is null ? "closed" : $"closed: {reason.GetType().Name}");
}

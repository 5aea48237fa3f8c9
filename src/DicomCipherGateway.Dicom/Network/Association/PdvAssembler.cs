using System.Buffers;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// Reassembles PDVs into messages (PS3.8 Annex E): command fragments are collected up to a
/// limit, data fragments are passed through. One message at a time: a context switch or a
/// command fragment in the middle of a data set is a protocol error.
/// </summary>
internal sealed class PdvAssembler(AssociationContext context, IMessageReceiver receiver, int maxCommandLength = 64 * 1024)
{
    private readonly ArrayBufferWriter<byte> _command = new(256);
    private byte _currentContext;
    private bool _inCommand;
    private bool _inData;

    public async ValueTask ReceiveAsync(PresentationDataValue value, CancellationToken cancellationToken)
    {
        var pc = context.Find(value.PresentationContextId);
        if (pc is null || !pc.IsAccepted)
        {
            throw new PeerProtocolException($"PDV on presentation context {value.PresentationContextId}, which is not accepted") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        if ((_inCommand || _inData) && value.PresentationContextId != _currentContext)
        {
            throw new PeerProtocolException($"PDV on context {value.PresentationContextId} interleaved with a message on context {_currentContext}") { AbortReason = AbortReason.UnexpectedPduParameter };
        }

        _currentContext = value.PresentationContextId;
        if (value.IsCommand)
        {
            if (_inData)
            {
                throw new PeerProtocolException("Command fragment in the middle of a data set") { AbortReason = AbortReason.UnexpectedPduParameter };
            }

            if (_command.WrittenCount + value.Data.Length > maxCommandLength)
            {
                throw new PeerProtocolException($"Command set longer than {maxCommandLength} bytes") { AbortReason = AbortReason.InvalidPduParameterValue };
            }

            foreach (var segment in value.Data)
            {
                _command.Write(segment.Span);
            }

            _inCommand = !value.IsLastFragment;
            if (value.IsLastFragment)
            {
                var command = _command.WrittenMemory.ToArray();
                _command.ResetWrittenCount();
                await receiver.OnCommandAsync(value.PresentationContextId, command, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (_inCommand)
        {
            throw new PeerProtocolException("Data fragment before the command set was complete") { AbortReason = AbortReason.UnexpectedPduParameter };
        }

        _inData = !value.IsLastFragment;
        await receiver.OnDataAsync(value.PresentationContextId, value.Data, value.IsLastFragment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True while a message is only partly received.</summary>
    public bool InMessage => _inCommand || _inData;
}

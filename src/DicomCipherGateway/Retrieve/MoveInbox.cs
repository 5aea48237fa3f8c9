using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// The gateway's outstanding C-MOVEs to the PACS (Retrieve mode CMove), each with its own
/// message ID, and the routing of the PACS's sub-operation C-STOREs that come back on the
/// gateway's listener: a C-STORE from the PACS whose Move Originator AE Title (0000,1030) is the
/// gateway's goes to the receiver registered under its Move Originator Message ID (0000,1031),
/// so concurrent moves never mix. These stores stay in memory and are decrypted for delivery;
/// they never reach the modality path (no sealing, no spool). One for an ended or unknown move
/// is refused (0x0110) and audited.
/// </summary>
internal sealed class MoveInbox(PeerTable peers, AuditTrail audit, IOptions<GatewayOptions> options, ILogger<MoveInbox> logger) : ICStoreHandler
{
    private readonly Dictionary<ushort, ICStoreHandler> _moves = [];
    private readonly Lock _lock = new();
    private readonly string _aeTitle = options.Value.AeTitle;
    private ushort _last;

    /// <summary>True when <paramref name="request"/> is a sub-operation of a C-MOVE the gateway sent to the PACS.</summary>
    public bool IsSubOperation(CStoreRequest request, DicomRequestContext context) =>
        request.MoveOriginatorAeTitle is { } originator
        && string.Equals(originator.Trim(), _aeTitle, StringComparison.Ordinal)
        && string.Equals(context.CallingAeTitle.Trim(), peers.Pacs.AeTitle, StringComparison.Ordinal);

    /// <summary>
    /// A message ID for a new C-MOVE, unique among the outstanding ones, whose sub-operations go
    /// to <paramref name="receiver"/> until the registration is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">65,535 moves are outstanding.</exception>
    public Registration Register(ICStoreHandler receiver)
    {
        lock (_lock)
        {
            for (var i = 0; i < ushort.MaxValue; i++)
            {
                _last = (ushort)(_last == ushort.MaxValue ? 1 : _last + 1);
                if (_moves.TryAdd(_last, receiver))
                {
                    return new Registration(this, _last);
                }
            }
        }

        throw new InvalidOperationException("Every C-MOVE message ID is in use.");
    }

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        if (Find(request) is { } receiver)
        {
            return receiver.BeginStoreAsync(request, context, cancellationToken);
        }

        RetrieveLog.UnmatchedSubOperation(logger, request.SopInstanceUid, request.MoveOriginatorMessageId ?? 0);
        audit.Write(new AuditRecord
        {
            Event = "move-sub-operation",
            Outcome = "refused",
            Reason = $"no outstanding C-MOVE of the gateway has message ID {request.MoveOriginatorMessageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} (ended or cancelled)",
            CallingAe = context.CallingAeTitle.Trim(),
            CalledAe = context.CalledAeTitle.Trim(),
            SopInstanceUid = request.SopInstanceUid,
            SopClassUid = request.SopClassUid,
            Status = DicomStatus.ProcessingFailure.ToString(),
        });
        return ValueTask.FromResult(StoreBeginResult.Refuse(DicomStatus.ProcessingFailure));
    }

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken) =>
        Find(request) is { } receiver
            ? receiver.CompleteStoreAsync(request, sink, context, cancellationToken)

            // Its move ended while the data set was arriving (cancelled): nothing to deliver it to.
            : ValueTask.FromResult(DicomStatus.ProcessingFailure);

    private ICStoreHandler? Find(CStoreRequest request)
    {
        lock (_lock)
        {
            return request.MoveOriginatorMessageId is { } id && _moves.TryGetValue(id, out var receiver) ? receiver : null;
        }
    }

    private void Unregister(ushort messageId)
    {
        lock (_lock)
        {
            _moves.Remove(messageId);
        }
    }

    /// <summary>One outstanding C-MOVE; disposing it ends its routing.</summary>
    public sealed class Registration(MoveInbox owner, ushort messageId) : IDisposable
    {
        public ushort MessageId { get; } = messageId;

        public void Dispose() => owner.Unregister(MessageId);
    }
}

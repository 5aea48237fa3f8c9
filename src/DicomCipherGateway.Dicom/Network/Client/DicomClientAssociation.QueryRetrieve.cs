using System.Runtime.CompilerServices;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>C-FIND, C-MOVE and C-GET as SCU, with C-CANCEL when the caller's token fires.</summary>
public sealed partial class DicomClientAssociation
{
    /// <summary>
    /// C-FIND. Yields every response: the Pending ones carry a match, the last one is the final
    /// status. When <paramref name="cancellationToken"/> fires, a C-CANCEL is sent and the
    /// enumeration goes on to the peer's final response (status Cancel, or Success when the peer
    /// had finished first), so the caller sees the outcome and the association stays usable.
    /// <see cref="OperationCanceledException"/> is thrown only when the peer does not answer within
    /// the DIMSE timeout after the C-CANCEL; the association is then aborted.
    /// </summary>
    /// <param name="informationModel">For example <c>DicomUids.FINDStudyRootQueryRetrieveInformationModel</c>.</param>
    public async IAsyncEnumerable<CFindResponse> FindAsync(DicomUid informationModel, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (response, data, syntax) in RunAsync(DimseCommandField.CFindRq, informationModel, identifier, null, null, cancellationToken).ConfigureAwait(false))
        {
            yield return new CFindResponse(response.Status, data is null ? null : DicomDatasetReader.Read(data.Value, syntax));
        }
    }

    /// <summary>
    /// C-MOVE to <paramref name="destinationAeTitle"/> (which the peer must know). Yields the
    /// Pending responses with their counts and then the final one, with the Failed SOP Instance UID
    /// List when any sub-operation failed. Cancellation sends C-CANCEL, as for <see cref="FindAsync"/>;
    /// the final response then carries the peer's completed, failed, warning and remaining counts.
    /// </summary>
    public async IAsyncEnumerable<CRetrieveResponse> MoveAsync(DicomUid informationModel, string destinationAeTitle, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationAeTitle);
        await foreach (var (response, data, syntax) in RunAsync(DimseCommandField.CMoveRq, informationModel, identifier, destinationAeTitle, null, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRetrieveResponse(response, data, syntax);
        }
    }

    /// <summary>
    /// C-MOVE with a message ID the caller chose. The destination's sub-operation C-STOREs carry it
    /// as Move Originator Message ID (0000,1031): an application that moves to itself on several
    /// associations at once gives each C-MOVE an ID unique among its outstanding ones, so it can
    /// tell their incoming sub-operations apart. Otherwise as <see cref="MoveAsync(DicomUid, string, DicomDataset, CancellationToken)"/>.
    /// </summary>
    /// <param name="messageId">1-65535 (0 is not a valid message ID).</param>
    public async IAsyncEnumerable<CRetrieveResponse> MoveAsync(DicomUid informationModel, string destinationAeTitle, DicomDataset identifier, ushort messageId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationAeTitle);
        ArgumentOutOfRangeException.ThrowIfZero(messageId);
        await foreach (var (response, data, syntax) in RunAsync(DimseCommandField.CMoveRq, informationModel, identifier, destinationAeTitle, messageId, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRetrieveResponse(response, data, syntax);
        }
    }

    /// <summary>
    /// C-GET: the instances come back as C-STORE sub-operations on this association and go to
    /// <paramref name="storeHandler"/>, exactly as on a server. The association must have been
    /// requested with a context per storage SOP class and <c>ScpRole = true</c>.
    /// </summary>
    public async IAsyncEnumerable<CRetrieveResponse> GetAsync(DicomUid informationModel, DicomDataset identifier, ICStoreHandler storeHandler, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storeHandler);
        _storeSlot.Current = storeHandler;
        try
        {
            await foreach (var (response, data, syntax) in RunAsync(DimseCommandField.CGetRq, informationModel, identifier, null, null, cancellationToken).ConfigureAwait(false))
            {
                yield return ToRetrieveResponse(response, data, syntax);
            }
        }
        finally
        {
            _storeSlot.Current = null;
        }
    }

    private static CRetrieveResponse ToRetrieveResponse(DimseCommand response, ReadOnlyMemory<byte>? data, DicomTransferSyntax syntax)
    {
        var elements = response.Elements;
        int? remaining = elements.TryGetValue<ushort>(DicomTags.NumberOfRemainingSuboperations, out var r) ? r : null;
        var completed = elements.TryGetValue<ushort>(DicomTags.NumberOfCompletedSuboperations, out var c) ? c : 0;
        var failed = elements.TryGetValue<ushort>(DicomTags.NumberOfFailedSuboperations, out var f) ? f : 0;
        var warning = elements.TryGetValue<ushort>(DicomTags.NumberOfWarningSuboperations, out var w) ? w : 0;
        IReadOnlyList<string> failedUids = [];
        if (data is { } bytes && bytes.Length > 0)
        {
            failedUids = [.. DicomDatasetReader.Read(bytes, syntax).GetStrings(DicomTags.FailedSOPInstanceUIDList).Select(u => u.TrimEnd('\0', ' ')).Where(u => u.Length > 0)];
        }

        return new CRetrieveResponse(response.Status, remaining, completed, failed, warning, failedUids);
    }

    private async IAsyncEnumerable<(DimseCommand Response, ReadOnlyMemory<byte>? Data, DicomTransferSyntax Syntax)> RunAsync(
        DimseCommandField field,
        DicomUid informationModel,
        DicomDataset identifier,
        string? moveDestination,
        ushort? messageId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        using var _ = StartUserAction();
        var context = Context.FindAccepted(informationModel)
            ?? throw new DicomNetworkException($"The peer did not accept {informationModel.Value} on this association.");
        var request = DimseCommand.Request(field, messageId ?? NextMessageId(), informationModel.Value, hasDataSet: true);
        request.Elements.SetValues(DicomTags.Priority, DicomVR.US, (ushort)DimsePriority.Medium);
        if (moveDestination is not null)
        {
            request.Elements.SetString(DicomTags.MoveDestination, DicomVR.AE, moveDestination);
        }

        var syntax = context.TransferSyntax;
        await _engine.SendMessageAsync(context.Id, request.Encode(), (output, ct) => DicomDatasetWriter.WriteAsync(output, identifier, syntax, null, ct), cancellationToken).ConfigureAwait(false);
        var expected = (DimseCommandField)((ushort)field | 0x8000);
        var cancelSent = false;
        var finished = false;
        try
        {
            while (true)
            {
                RawMessage raw;
                try
                {
                    raw = await ReceiveRawAsync(cancelSent ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !cancelSent)
                {
                    // C-CANCEL, then go on yielding up to the final response, which carries the
                    // peer's counts (usually status Cancel) and keeps the association in step.
                    await SendCancelAsync(context.Id, request.MessageId).ConfigureAwait(false);
                    cancelSent = true;
                    continue;
                }
                catch (DicomTimeoutException timeout) when (cancelSent)
                {
                    // The peer ignored the C-CANCEL; ReceiveRawAsync has aborted the association.
                    throw new OperationCanceledException($"The peer did not end message {request.MessageId} within {timeout.After.TotalSeconds:0.###} s of the C-CANCEL; the association was aborted.", timeout, cancellationToken);
                }

                var response = DimseCommand.Decode(raw.Command);
                if (response.CommandField != expected || response.MessageIdBeingRespondedTo != request.MessageId)
                {
                    var error = new PeerProtocolException($"Expected {expected} to message {request.MessageId}, received {response}");
                    await _engine.AbortAsync(error).ConfigureAwait(false);
                    throw error;
                }

                finished = !response.Status.IsPending;
                yield return (response, raw.DataSet, syntax);
                if (finished)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (!finished)
            {
                // The caller stopped early or the peer went silent: responses may still come, so the association is out of step.
                await _engine.AbortAsync(null).ConfigureAwait(false);
            }
        }
    }

    private async Task SendCancelAsync(byte presentationContextId, ushort messageId)
    {
        var cancel = DimseCommand.Create(DimseCommandField.CCancelRq, hasDataSet: false);
        cancel.Elements.SetValues(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, messageId);
        await _engine.SendMessageAsync(presentationContextId, cancel.Encode(), (Func<Stream, CancellationToken, ValueTask>?)null, CancellationToken.None).ConfigureAwait(false);
        DimseLog.CancelSent(_logger, _engine.Id, messageId);
    }
}

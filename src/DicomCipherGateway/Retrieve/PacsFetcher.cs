using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// Takes the instances matching a retrieve identifier from the PACS and yields each one decrypted
/// as it arrives, in the PACS's Retrieve mode: CGet, on the gateway's own association (the
/// library's <see cref="CGetRetriever"/> proposes exactly the classes the matches have); or CMove,
/// a C-MOVE naming the gateway's own AE as destination, whose sub-operation C-STOREs come back on
/// the gateway's listener and are routed here by <see cref="MoveInbox"/> through the Move
/// Originator Message ID. Either way the PACS's sub-operation is answered once the decrypted
/// instance is queued for the consumer (a queue of one), so the PACS sends the next while this one
/// is delivered, yet is paced by the destination: at most three instances are in memory.
/// Instances the PACS could not send come next, as failures, and last the matching instances
/// still in the gateway's spool that the PACS did not send (<see cref="SpoolSource"/>).
/// Cancelling the token sends C-CANCEL to the PACS.
/// </summary>
internal sealed class PacsFetcher(PacsConnector connector, RetrieveDecryptor decryptor, MoveInbox inbox, SpoolSource spool, IOptions<GatewayOptions> options, ILogger<PacsFetcher> logger)
{
    public const string CGet = "CGet";
    public const string CMove = "CMove";

    private readonly PacsConnector _connector = connector;
    private readonly RetrieveDecryptor _decryptor = decryptor;
    private readonly MoveInbox _inbox = inbox;
    private readonly SpoolSource _spool = spool;
    private readonly RetrieveOptions _options = options.Value.Retrieve;
    private readonly string _aeTitle = options.Value.AeTitle;
    private readonly ILogger _logger = logger;

    private bool ByMove => string.Equals(_connector.Pacs.Retrieve, CMove, StringComparison.Ordinal);

    public async IAsyncEnumerable<FetchedInstance> FetchAsync(string model, DicomDataset identifier, string requester, string destination, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var getModel = QueryRetrieveModels.GetModelFor(model);
        var retriever = new CGetRetriever(_connector.AssociatePacsAsync, _logger) { QueryTransferSyntaxes = PacsConnector.QuerySyntaxes };
        var fromSpool = await _spool.FindAsync(identifier, cancellationToken).ConfigureAwait(false);
        var discovery = await retriever.DiscoverAsync(getModel, identifier, cancellationToken).ConfigureAwait(false);
        var channel = Channel.CreateBounded<FetchedInstance>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expected = discovery.InstanceCount is { } count ? count + fromSpool.Count : 0;
        var handler = new Receiver(this, channel.Writer, expected, requester, destination, stop.Token);
        var pump = Task.Run(
            async () =>
            {
                CRetrieveResponse? final = null;
                try
                {
                    var responses = ByMove ? MoveFromPacsAsync(model, identifier, handler, stop.Token) : retriever.GetAsync(getModel, identifier, handler, discovery, stop.Token);
                    await foreach (var response in responses.ConfigureAwait(false))
                    {
                        if (response.Status.IsPending && response.Remaining is { } remaining)
                        {
                            handler.PacsRemaining = remaining;
                        }

                        final = response;
                    }

                    channel.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                }

                return final;
            },
            CancellationToken.None);
        var finished = false;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return item;
            }

            var final = await pump.ConfigureAwait(false);
            RetrieveLog.Retrieved(_logger, model, requester, destination, handler.Received, handler.Failed, final?.Status.ToString() ?? "none");
            foreach (var uid in final?.FailedSopInstanceUids ?? [])
            {
                if (!handler.Seen.Contains(uid))
                {
                    yield return Failed(uid, DicomStatus.UnableToPerformSubOperations, 0);
                }
            }

            // What the PACS does not have yet, from the spool (an instance the PACS sent meanwhile is not sent twice).
            var served = 0;
            var unserved = fromSpool.Where(i => !handler.Seen.Contains(i.SopInstanceUid)).DistinctBy(i => i.SopInstanceUid).ToList();
            foreach (var record in unserved)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var original = await _spool.OpenAsync(record, requester, destination, cancellationToken).ConfigureAwait(false);
                served++;
                yield return new FetchedInstance(record.SopInstanceUid, original, original is null ? DicomStatus.ProcessingFailure : DicomStatus.Success, unserved.Count - served);
            }

            if (served > 0)
            {
                RetrieveLog.ServedFromSpool(_logger, served, requester, destination);
            }

            finished = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (final is { } last && !last.Status.IsCompleted && last.Status.Code != DicomStatus.SubOperationsCompleteWithFailures.Code && handler.Received == 0 && served == 0)
            {
                if (ByMove && last.Status == DicomStatus.MoveDestinationUnknown)
                {
                    // The workstation's destination is known; it is the PACS that does not know the gateway.
                    RetrieveLog.PacsDoesNotKnowGateway(_logger, _connector.Pacs.AeTitle, _aeTitle);
                    throw new DicomStatusException(DicomStatus.UnableToPerformSubOperations);
                }

                throw new DicomStatusException(last.Status);
            }
        }
        finally
        {
            if (!finished)
            {
                // The consumer stopped early (cancel, destination gone): the PACS side stops too.
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await pump.WaitAsync(_options.Timeout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or DicomNetworkException or OperationCanceledException)
                {
                    // Already ending; the association with the PACS was cancelled or aborted.
                }
            }
        }
    }

    /// <summary>
    /// C-MOVE to the gateway's own AE under a message ID of its own, registered with the inbox
    /// for as long as the PACS may send sub-operations (up to its final response).
    /// </summary>
    private async IAsyncEnumerable<CRetrieveResponse> MoveFromPacsAsync(string model, DicomDataset identifier, Receiver receiver, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var moveModel = QueryRetrieveModels.MoveModelFor(model);
        using var registration = _inbox.Register(receiver);
        await using var association = await _connector.AssociatePacsAsync([new PresentationContextProposal(moveModel, PacsConnector.QuerySyntaxes)], cancellationToken).ConfigureAwait(false);
        await foreach (var response in association.MoveAsync(moveModel, _aeTitle, identifier, registration.MessageId, cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }

        await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static FetchedInstance Failed(string uid, DicomStatus status, int remaining) => new(uid, null, status, remaining);

    /// <summary>The C-STORE sub-operations of the PACS's C-GET or C-MOVE: decrypt, queue for delivery, answer.</summary>
    private sealed class Receiver(PacsFetcher owner, ChannelWriter<FetchedInstance> writer, int expected, string requester, string destination, CancellationToken cancellationToken) : ICStoreHandler
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public int Received { get; private set; }

        public int Failed { get; private set; }

        /// <summary>The remaining count of the PACS's last Pending response, when the matches could not be counted first.</summary>
        public int? PacsRemaining { get; set; }

        // Once the retrieval is cancelled, what the PACS still sends is refused unread and undecrypted.
        public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken ct) =>
            ValueTask.FromResult(cancellationToken.IsCancellationRequested
                ? StoreBeginResult.Refuse(DicomStatus.ProcessingFailure)
                : StoreBeginResult.Accept(new MemoryDatasetSink(owner._options.MaxInstanceBytes)));

        public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken ct)
        {
            var uid = request.SopInstanceUid;
            if (cancellationToken.IsCancellationRequested)
            {
                return DicomStatus.ProcessingFailure;
            }

            Seen.Add(uid);
            Received++;
            var remaining = expected > 0 || PacsRemaining is not { } pacs ? Math.Max(0, expected - Received) : Math.Max(0, pacs - 1);
            DicomFile? original = null;
            try
            {
                var dataset = DicomDatasetReader.Read(((MemoryDatasetSink)sink).Data, request.TransferSyntax);
                original = owner._decryptor.Open(new DicomFile(dataset, request.TransferSyntax), uid, requester, destination, owner._connector.Pacs.AeTitle, cancellationToken);
            }
            catch (DicomFormatException e)
            {
                RetrieveLog.NotDecrypted(owner._logger, uid, "Unreadable", e.Message);
            }

            var item = original is null ? new FetchedInstance(uid, null, DicomStatus.CannotUnderstand, remaining) : new FetchedInstance(uid, original, DicomStatus.Success, remaining);
            if (original is null)
            {
                Failed++;
            }

            try
            {
                // Answered once queued (the channel holds one): the PACS sends the next while this one
                // is delivered, yet waits while the queue is full, so at most three instances are in
                // memory (being delivered, queued, being received). Received is all the PACS's
                // sub-operation means: a failure to decrypt or deliver is ours, counted and reported
                // to the workstation; the PACS is not asked to resend.
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
                return DicomStatus.Success;
            }
            catch (OperationCanceledException)
            {
                return DicomStatus.ProcessingFailure;
            }
        }
    }
}

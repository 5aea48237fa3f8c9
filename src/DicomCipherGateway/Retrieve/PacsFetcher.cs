using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// Takes the instances matching a retrieve identifier from the PACS by C-GET on the gateway's own
/// association (the library's <see cref="CGetRetriever"/> proposes exactly the classes the matches
/// have) and yields each one decrypted as it arrives. The PACS's sub-operation is answered only
/// after the consumer delivered the instance, so the PACS is paced by the destination and one
/// instance at a time is in memory. Instances the PACS could not send come last, as failures.
/// Cancelling the token sends C-CANCEL to the PACS.
/// </summary>
internal sealed class PacsFetcher(PacsConnector connector, RetrieveDecryptor decryptor, IOptions<GatewayOptions> options, ILogger<PacsFetcher> logger)
{
    private readonly PacsConnector _connector = connector;
    private readonly RetrieveDecryptor _decryptor = decryptor;
    private readonly RetrieveOptions _options = options.Value.Retrieve;
    private readonly ILogger _logger = logger;

    public async IAsyncEnumerable<FetchedInstance> FetchAsync(string model, DicomDataset identifier, string requester, string destination, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var getModel = QueryRetrieveModels.GetModelFor(model);
        var retriever = new CGetRetriever(_connector.AssociatePacsAsync, _logger) { QueryTransferSyntaxes = PacsConnector.QuerySyntaxes };
        var discovery = await retriever.DiscoverAsync(getModel, identifier, cancellationToken).ConfigureAwait(false);
        var channel = Channel.CreateBounded<FetchedInstance>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handler = new Receiver(this, channel.Writer, discovery.InstanceCount ?? 0, requester, destination, stop.Token);
        var pump = Task.Run(
            async () =>
            {
                CRetrieveResponse? final = null;
                try
                {
                    await foreach (var response in retriever.GetAsync(getModel, identifier, handler, discovery, stop.Token).ConfigureAwait(false))
                    {
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

            finished = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (final is { } last && !last.Status.IsCompleted && last.Status.Code != DicomStatus.SubOperationsCompleteWithFailures.Code && handler.Received == 0)
            {
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

    private static FetchedInstance Failed(string uid, DicomStatus status, int remaining)
    {
        var item = new FetchedInstance(uid, null, status, remaining);
        item.Complete(status);
        return item;
    }

    /// <summary>The C-STORE sub-operations of the PACS's C-GET: decrypt, hand over, wait for delivery, answer.</summary>
    private sealed class Receiver(PacsFetcher owner, ChannelWriter<FetchedInstance> writer, int expected, string requester, string destination, CancellationToken cancellationToken) : ICStoreHandler
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public int Received { get; private set; }

        public int Failed { get; private set; }

        public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken ct) =>
            ValueTask.FromResult(StoreBeginResult.Accept(new MemoryDatasetSink(owner._options.MaxInstanceBytes)));

        public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken ct)
        {
            var uid = request.SopInstanceUid;
            Seen.Add(uid);
            Received++;
            var remaining = Math.Max(0, expected - Received);
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
                item.Complete(DicomStatus.CannotUnderstand);
            }

            try
            {
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
                // Received is all the PACS's sub-operation means: a failure to decrypt or deliver is
                // ours, counted and reported to the workstation; the PACS is not asked to resend.
                await item.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                return DicomStatus.Success;
            }
            catch (OperationCanceledException)
            {
                return DicomStatus.ProcessingFailure;
            }
        }
    }
}

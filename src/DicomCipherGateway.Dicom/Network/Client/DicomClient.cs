using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// Opens associations to one peer. The association is an explicit object the caller owns
/// (<c>await using var association = await client.AssociateAsync(request, ct)</c>); nothing
/// is opened, kept or retried behind the caller's back.
/// </summary>
public sealed class DicomClient(DicomClientOptions options, ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DicomCipherGateway.Dicom.Network.Client");

    public DicomClientOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <exception cref="AssociationRejectedException">The peer rejected the association.</exception>
    /// <exception cref="DicomTimeoutException">Connect or the association request timed out.</exception>
    public async Task<DicomClientAssociation> AssociateAsync(AssociationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Transport.IDicomConnection connection;
        using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectDeadline.CancelAfter(Options.Timeouts.Connect);
            try
            {
                connection = await Options.Transport.ConnectAsync(Options.Host, Options.Port, connectDeadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DicomTimeoutException(DicomTimer.Connect, Options.Timeouts.Connect);
            }
        }

        ClientMessageReceiver? receiver = null;
        try
        {
            var engine = await AssociationEngine.RequestAsync(
                connection,
                request,
                Options.Timeouts,
                (engine, context) =>
                {
                    var slot = new StoreHandlerSlot();
                    var reports = new CommitmentReportCollector();
                    var requests = new Dimse.DimseDispatcher(engine, context, new Dimse.DicomServiceHandlers { Store = slot, StorageCommitmentReport = reports }, _logger, Options.Timeouts.Dimse);
                    return receiver = new ClientMessageReceiver(new BufferingMessageReceiver(DimseCommandProbe.HasDataSet), requests, slot, reports);
                },
                _logger,
                cancellationToken).ConfigureAwait(false);
            return new DicomClientAssociation(engine, receiver!, Options.Timeouts, _logger);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

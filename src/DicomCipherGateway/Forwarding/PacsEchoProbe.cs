using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Forwarding;

/// <summary>C-ECHO to the PACS every Forward:EchoInterval; /readyz reads the cached result.</summary>
internal sealed class PacsEchoProbe : BackgroundService
{
    private readonly DicomClient _client;
    private readonly GatewayOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly string _pacs;

    public PacsEchoProbe(IOptions<GatewayOptions> options, PeerTable peers, GatewayMetrics metrics, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _metrics = metrics;
        _pacs = peers.Pacs.AeTitle;
        _client = PacsClientFactory.Create(peers.Pacs, _options.Tls, loggerFactory, TimeSpan.FromSeconds(10));
    }

    /// <summary>The last echo's outcome and when it was made; null before the first.</summary>
    public (bool Reachable, DateTimeOffset At, string Detail)? Last { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await EchoAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.Forward.EchoInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task EchoAsync(CancellationToken cancellationToken)
    {
        try
        {
            var request = new AssociationRequest
            {
                CalledAeTitle = _pacs,
                CallingAeTitle = _options.AeTitle,
                PresentationContexts = [new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])],
            };
            await using var association = await _client.AssociateAsync(request, cancellationToken).ConfigureAwait(false);
            var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
            Last = (status.IsSuccess, DateTimeOffset.UtcNow, status.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Last = (false, DateTimeOffset.UtcNow, e.Message);
        }

        _metrics.PacsReachable.Set(Last.Value.Reachable ? 1 : 0);
    }
}

using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Forwarding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Retrieve;

/// <summary>Associations of the retrieve path: to the PACS as the gateway's AE, and to workstations (move destinations).</summary>
internal sealed class PacsConnector(PeerTable peers, IOptions<GatewayOptions> options, ILoggerFactory loggerFactory)
{
    private readonly GatewayOptions _options = options.Value;

    public static readonly DicomTransferSyntax[] QuerySyntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    public PeerOptions Pacs => peers.Pacs;

    /// <summary>The gateway's own AE title, as workstations call it.</summary>
    public string GatewayAeTitle => _options.AeTitle;

    public ILoggerFactory LoggerFactory => loggerFactory;

    public DicomClient Client(PeerOptions peer) => PacsClientFactory.Create(peer, _options.Tls, loggerFactory, _options.Retrieve.Timeout);

    public AssociationRequest Request(PeerOptions peer, IReadOnlyList<PresentationContextProposal> contexts) => new()
    {
        CalledAeTitle = peer.AeTitle,
        CallingAeTitle = _options.AeTitle,
        PresentationContexts = contexts,
        MaxPduLength = (uint)_options.MaxPduLength,
    };

    public Task<DicomClientAssociation> AssociatePacsAsync(IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken) =>
        Client(peers.Pacs).AssociateAsync(Request(peers.Pacs, contexts), cancellationToken);
}

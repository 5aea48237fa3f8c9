using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// Who may associate: the called AE title must be ours, the calling AE title a configured peer
/// (else A-ASSOCIATE-RJ, calling AE not recognised), and, with Gateway:CheckPeerAddress, from
/// its configured host. Each decision is an audit record. Which operations a peer may perform
/// is its role's business, checked per operation (a workstation's C-STORE gets 0x0124).
/// </summary>
internal sealed class GatewayAssociationPolicy : IAssociationPolicy
{
    private readonly GatewayOptions _options;
    private readonly PeerTable _peers;
    private readonly AuditTrail _audit;
    private readonly AssociationPolicy _contexts = new();

    public GatewayAssociationPolicy(IOptions<GatewayOptions> options, PeerTable peers, AuditTrail audit)
    {
        _options = options.Value;
        _peers = peers;
        _audit = audit;
        _contexts.Accept(DicomUids.VerificationSOPClass, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian);
        _contexts.Accept(DicomUids.StorageCommitmentPushModelSOPClass, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian);

        // The PACS reporting its storage commitment on a new association proposes to be the SCP (PS3.4 J.3.3).
        _contexts.AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass);
        foreach (var sopClass in StorageSopClasses.All)
        {
            _contexts.Accept(sopClass, StorageSopClasses.Accepted);

            // C-GET from a workstation sends the instances back on its association: it may take the SCP role.
            _contexts.AllowRequestorAsScp(sopClass);
        }

        foreach (var model in Retrieve.QueryRetrieveModels.Find.Concat(Retrieve.QueryRetrieveModels.Move).Concat(Retrieve.QueryRetrieveModels.Get))
        {
            _contexts.Accept(model, Retrieve.PacsConnector.QuerySyntaxes);
        }
    }

    public async ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken)
    {
        var calling = request.CallingAeTitle.Trim();
        var called = request.CalledAeTitle.Trim();
        var address = info.RemoteEndPoint?.ToString();
        AssociationDecision Reject(byte reason, string why)
        {
            _audit.Write(new AuditRecord { Event = "association", Outcome = "rejected", Reason = why, CallingAe = calling, CalledAe = called, Address = address });
            return AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
        }

        if (!string.Equals(called, _options.AeTitle, StringComparison.Ordinal))
        {
            return Reject(RejectReason.CalledAeTitleNotRecognized, $"called AE title '{called}' is not ours");
        }

        if (_peers.Find(calling) is not { } peer)
        {
            return Reject(RejectReason.CallingAeTitleNotRecognized, $"calling AE title '{calling}' is not a configured peer");
        }

        if (_options.CheckPeerAddress && !await PeerTable.AddressMatchesAsync(peer, info.RemoteEndPoint, cancellationToken).ConfigureAwait(false))
        {
            return Reject(RejectReason.CallingAeTitleNotRecognized, $"address {address} is not the configured host {peer.Host} of {calling}");
        }

        var decision = await _contexts.DecideAsync(request, info, cancellationToken).ConfigureAwait(false);
        var accepted = decision.Results.Count(r => r.Result == PresentationContextResult.Acceptance);
        _audit.Write(new AuditRecord
        {
            Event = "association",
            Outcome = "accepted",
            Reason = $"roles {string.Join(',', peer.Roles)}; {accepted} of {request.PresentationContexts.Count} presentation contexts accepted",
            CallingAe = calling,
            CalledAe = called,
            Address = address,
        });
        return decision;
    }
}

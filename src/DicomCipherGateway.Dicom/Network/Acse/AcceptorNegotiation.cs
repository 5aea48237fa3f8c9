using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>The acceptor's half of ACSE: checks the provider rules, then turns a policy decision into A-ASSOCIATE-AC/RJ and the context.</summary>
internal static class AcceptorNegotiation
{
    /// <summary>Rejections the service provider makes before the policy is asked (PS3.8 §9.3.4, §7.1.1.2).</summary>
    public static AssociationDecision? Precheck(AssociateRqPdu request)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReason.ProtocolVersionNotSupported);
        }

        if (request.ApplicationContextName != AssociationDefaults.ApplicationContextName)
        {
            return AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.ApplicationContextNameNotSupported);
        }

        return null;
    }

    public static (AssociateAcPdu Accept, AssociationContext Context) Accept(
        AssociateRqPdu request, AssociationDecision decision, string associationId, uint ourMaxPduLength, ushort ourMaxOperations)
    {
        var results = new List<PresentationContextResultItem>(request.PresentationContexts.Count);
        var negotiated = new List<NegotiatedPresentationContext>(request.PresentationContexts.Count);
        foreach (var proposed in request.PresentationContexts)
        {
            var result = decision.Results.FirstOrDefault(r => r.Id == proposed.Id)
                ?? new PresentationContextResultItem(proposed.Id, PresentationContextResult.NoReason, string.Empty);
            if (result.Result == PresentationContextResult.Acceptance && !proposed.TransferSyntaxes.Contains(result.TransferSyntax, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"The association policy accepted context {proposed.Id} with transfer syntax {result.TransferSyntax}, which the requestor did not propose.");
            }

            results.Add(result);
            var role = decision.Roles.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var requested = request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var (scu, scp) = role is null || requested is null ? (true, false) : (requested.ScuRole && role.ScuRole, requested.ScpRole && role.ScpRole);
            negotiated.Add(new NegotiatedPresentationContext(
                proposed.Id,
                new DicomUid(proposed.AbstractSyntax),
                DicomTransferSyntax.FromUid(result.Result == PresentationContextResult.Acceptance ? result.TransferSyntax : proposed.TransferSyntaxes[0]),
                result.Result,
                scu,
                scp));
        }

        var window = request.UserInformation.AsyncOperationsWindow;
        var invoked = Negotiated(window?.MaxOperationsInvoked, ourMaxOperations);
        var performed = Negotiated(window?.MaxOperationsPerformed, ourMaxOperations);
        var identity = request.UserInformation.UserIdentityRequest;
        var info = new UserInformationItem
        {
            MaximumLength = ourMaxPduLength,
            ImplementationClassUid = AssociationDefaults.ImplementationClassUid,
            ImplementationVersionName = AssociationDefaults.ImplementationVersionName,
            AsyncOperationsWindow = window is null ? null : new AsyncOperationsWindowItem(invoked, performed),
            RoleSelections = decision.Roles,
            SopClassExtendedNegotiations = decision.ExtendedNegotiations,
            UserIdentityResponse = identity is { PositiveResponseRequested: true } ? decision.UserIdentityResponse : null,
        };
        var accept = new AssociateAcPdu(request.CalledAeTitle, request.CallingAeTitle, AssociationDefaults.ApplicationContextName, results, info);
        var context = new AssociationContext(
            associationId,
            isRequestor: false,
            request.CallingAeTitle,
            request.CalledAeTitle,
            negotiated,
            ourMaxPduLength,
            PeerLimit(request.UserInformation.MaximumLength))
        {
            MaxOperationsInvoked = invoked,
            MaxOperationsPerformed = performed,
            PeerImplementationClassUid = request.UserInformation.ImplementationClassUid,
            PeerImplementationVersionName = request.UserInformation.ImplementationVersionName,
            UserIdentity = identity,
            ExtendedNegotiations = decision.ExtendedNegotiations,
            CommonExtendedNegotiations = request.UserInformation.SopClassCommonExtendedNegotiations,
        };
        return (accept, context);
    }

    /// <summary>The peer's receive limit; 0 or absent means none, and we then use our own send cap.</summary>
    internal static uint PeerLimit(uint? peerMaximum)
    {
        if (peerMaximum is null or 0)
        {
            return AssociationDefaults.MaxSendPduLength;
        }

        if (peerMaximum < 64)
        {
            throw new PeerProtocolException($"The peer's maximum PDU length {peerMaximum} cannot carry a PDV") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        return Math.Min(peerMaximum.Value, AssociationDefaults.MaxSendPduLength);
    }

    /// <summary>PS3.7 D.3.3.3: 0 is unlimited; the smaller non-zero value wins; absent means 1.</summary>
    private static ushort Negotiated(ushort? proposed, ushort ours) => proposed switch
    {
        null => 1,
        0 => ours,
        _ when ours == 0 => proposed.Value,
        _ => Math.Min(proposed.Value, ours),
    };
}

using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>The requestor's half of ACSE: builds A-ASSOCIATE-RQ and reads the acceptor's answer.</summary>
internal static class RequestorNegotiation
{
    public static AssociateRqPdu BuildRequest(AssociationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PresentationContexts.Count is 0 or > 128)
        {
            throw new ArgumentException("An association proposes 1 to 128 presentation contexts.", nameof(request));
        }

        var contexts = new List<PresentationContextRequestItem>(request.PresentationContexts.Count);
        var roles = new List<RoleSelectionItem>();
        for (var i = 0; i < request.PresentationContexts.Count; i++)
        {
            var proposal = request.PresentationContexts[i];
            if (proposal.TransferSyntaxes.Count == 0)
            {
                throw new ArgumentException($"Presentation context for {proposal.AbstractSyntax} proposes no transfer syntax.", nameof(request));
            }

            contexts.Add(new PresentationContextRequestItem((byte)((i * 2) + 1), proposal.AbstractSyntax.Value, proposal.TransferSyntaxes.Select(t => t.Uid).ToArray()));
            if ((proposal.ScuRole is not null || proposal.ScpRole is not null) && roles.All(r => r.SopClassUid != proposal.AbstractSyntax.Value))
            {
                roles.Add(new RoleSelectionItem(proposal.AbstractSyntax.Value, proposal.ScuRole ?? true, proposal.ScpRole ?? false));
            }
        }

        var info = new UserInformationItem
        {
            MaximumLength = request.MaxPduLength,
            ImplementationClassUid = AssociationDefaults.ImplementationClassUid,
            ImplementationVersionName = AssociationDefaults.ImplementationVersionName,
            AsyncOperationsWindow = request.AsyncOperationsWindow,
            RoleSelections = roles,
            SopClassExtendedNegotiations = request.ExtendedNegotiations,
            SopClassCommonExtendedNegotiations = request.CommonExtendedNegotiations,
            UserIdentityRequest = request.UserIdentity,
        };
        return new AssociateRqPdu(request.CalledAeTitle, request.CallingAeTitle, AssociationDefaults.ApplicationContextName, contexts, info);
    }

    public static AssociationContext Interpret(AssociateRqPdu sent, AssociateAcPdu accept, string associationId)
    {
        var negotiated = new List<NegotiatedPresentationContext>(sent.PresentationContexts.Count);
        foreach (var proposed in sent.PresentationContexts)
        {
            var result = accept.PresentationContexts.FirstOrDefault(r => r.Id == proposed.Id);
            var outcome = result?.Result ?? PresentationContextResult.NoReason;
            var syntax = proposed.TransferSyntaxes[0];
            if (outcome == PresentationContextResult.Acceptance)
            {
                if (!proposed.TransferSyntaxes.Contains(result!.TransferSyntax, StringComparer.Ordinal))
                {
                    throw new PeerProtocolException($"The acceptor chose transfer syntax {result.TransferSyntax} for context {proposed.Id}, which we did not propose") { AbortReason = AbortReason.InvalidPduParameterValue };
                }

                syntax = result.TransferSyntax;
            }

            var asked = sent.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var granted = accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var (scu, scp) = asked is null || granted is null ? (true, false) : (asked.ScuRole && granted.ScuRole, asked.ScpRole && granted.ScpRole);
            negotiated.Add(new NegotiatedPresentationContext(proposed.Id, new DicomUid(proposed.AbstractSyntax), DicomTransferSyntax.FromUid(syntax), outcome, scu, scp));
        }

        foreach (var result in accept.PresentationContexts)
        {
            if (sent.PresentationContexts.All(p => p.Id != result.Id))
            {
                throw new PeerProtocolException($"A-ASSOCIATE-AC answers presentation context {result.Id}, which we did not propose") { AbortReason = AbortReason.InvalidPduParameterValue };
            }
        }

        var window = accept.UserInformation.AsyncOperationsWindow;
        return new AssociationContext(
            associationId,
            isRequestor: true,
            sent.CallingAeTitle,
            sent.CalledAeTitle,
            negotiated,
            sent.UserInformation.MaximumLength ?? AssociationDefaults.MaxPduLength,
            AcceptorNegotiation.PeerLimit(accept.UserInformation.MaximumLength))
        {
            MaxOperationsInvoked = window?.MaxOperationsInvoked ?? 1,
            MaxOperationsPerformed = window?.MaxOperationsPerformed ?? 1,
            PeerImplementationClassUid = accept.UserInformation.ImplementationClassUid,
            PeerImplementationVersionName = accept.UserInformation.ImplementationVersionName,
            UserIdentityResponse = accept.UserInformation.UserIdentityResponse,
            ExtendedNegotiations = accept.UserInformation.SopClassExtendedNegotiations,
            CommonExtendedNegotiations = sent.UserInformation.SopClassCommonExtendedNegotiations,
        };
    }
}

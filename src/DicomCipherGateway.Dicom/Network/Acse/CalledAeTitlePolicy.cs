using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// Several AEs on one listener: hands each association request to the policy of its called AE
/// title (each AE with its own storage acceptance, calling AE list, ...), and rejects a called
/// AE title no policy is registered for. Handlers see the called AE in
/// <see cref="Dimse.DicomRequestContext.CalledAeTitle"/>.
/// </summary>
public sealed class CalledAeTitlePolicy : IAssociationPolicy
{
    private readonly Dictionary<string, IAssociationPolicy> _byCalledAe = new(StringComparer.Ordinal);

    /// <summary>Routes requests addressed to <paramref name="calledAeTitle"/> (compared without padding) to <paramref name="policy"/>.</summary>
    public CalledAeTitlePolicy Add(string calledAeTitle, IAssociationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(calledAeTitle);
        ArgumentNullException.ThrowIfNull(policy);
        _byCalledAe.Add(calledAeTitle.Trim(), policy);
        return this;
    }

    public ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _byCalledAe.TryGetValue(request.CalledAeTitle.Trim(), out var policy)
            ? policy.DecideAsync(request, info, cancellationToken)
            : ValueTask.FromResult(AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeTitleNotRecognized));
    }
}

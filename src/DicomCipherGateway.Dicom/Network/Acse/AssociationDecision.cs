using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// An acceptor's answer to an A-ASSOCIATE-RQ: a rejection, or per-context results with the
/// roles granted and an optional user identity response.
/// </summary>
public sealed record AssociationDecision
{
    private AssociationDecision() { }

    public bool IsAccepted { get; private init; }

    public AssociateRjPdu? Rejection { get; private init; }

    public IReadOnlyList<PresentationContextResultItem> Results { get; private init; } = [];

    public IReadOnlyList<RoleSelectionItem> Roles { get; private init; } = [];

    public UserIdentityResponseItem? UserIdentityResponse { get; private init; }

    public IReadOnlyList<SopClassExtendedNegotiationItem> ExtendedNegotiations { get; private init; } = [];

    public static AssociationDecision Reject(RejectResult result, RejectSource source, byte reason) =>
        new() { Rejection = new AssociateRjPdu(result, source, reason) };

    public static AssociationDecision Accept(
        IReadOnlyList<PresentationContextResultItem> results,
        IReadOnlyList<RoleSelectionItem>? roles = null,
        UserIdentityResponseItem? userIdentityResponse = null,
        IReadOnlyList<SopClassExtendedNegotiationItem>? extendedNegotiations = null) =>
        new()
        {
            IsAccepted = true,
            Results = results,
            Roles = roles ?? [],
            UserIdentityResponse = userIdentityResponse,
            ExtendedNegotiations = extendedNegotiations ?? [],
        };
}

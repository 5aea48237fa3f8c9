using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// Everything both sides agreed on, fixed for the association's life. Safe to share between
/// threads.
/// </summary>
public sealed class AssociationContext
{
    private readonly Dictionary<byte, NegotiatedPresentationContext> _byId;

    public AssociationContext(
        string id,
        bool isRequestor,
        string callingAeTitle,
        string calledAeTitle,
        IReadOnlyList<NegotiatedPresentationContext> presentationContexts,
        uint maxPduLengthFromPeer,
        uint maxPduLengthToPeer)
    {
        Id = id;
        IsRequestor = isRequestor;
        CallingAeTitle = callingAeTitle;
        CalledAeTitle = calledAeTitle;
        PresentationContexts = presentationContexts;
        MaxPduLengthFromPeer = maxPduLengthFromPeer;
        MaxPduLengthToPeer = maxPduLengthToPeer;
        _byId = presentationContexts.ToDictionary(c => c.Id);
    }

    /// <summary>Our id for this association in logs.</summary>
    public string Id { get; }

    /// <summary>True on the side that sent A-ASSOCIATE-RQ.</summary>
    public bool IsRequestor { get; }

    public string CallingAeTitle { get; }

    public string CalledAeTitle { get; }

    public IReadOnlyList<NegotiatedPresentationContext> PresentationContexts { get; }

    /// <summary>Largest P-DATA-TF variable field we accept (what we advertised).</summary>
    public uint MaxPduLengthFromPeer { get; }

    /// <summary>Largest P-DATA-TF variable field we send (the peer's limit, capped by ours when it said 0).</summary>
    public uint MaxPduLengthToPeer { get; }

    /// <summary>Negotiated window; 1/1 unless both sides agreed otherwise. 0 would mean unlimited.</summary>
    public ushort MaxOperationsInvoked { get; init; } = 1;

    public ushort MaxOperationsPerformed { get; init; } = 1;

    public string? PeerImplementationClassUid { get; init; }

    public string? PeerImplementationVersionName { get; init; }

    /// <summary>The requestor's identity (acceptor side only). Holds credentials: never log it.</summary>
    public UserIdentityRequestItem? UserIdentity { get; init; }

    /// <summary>The acceptor's answer to a user identity request (requestor side only).</summary>
    public UserIdentityResponseItem? UserIdentityResponse { get; init; }

    public IReadOnlyList<SopClassExtendedNegotiationItem> ExtendedNegotiations { get; init; } = [];

    public IReadOnlyList<SopClassCommonExtendedNegotiationItem> CommonExtendedNegotiations { get; init; } = [];

    public NegotiatedPresentationContext? Find(byte id) => _byId.GetValueOrDefault(id);

    /// <summary>An accepted context for the abstract syntax, preferring <paramref name="preferred"/> transfer syntax.</summary>
    public NegotiatedPresentationContext? FindAccepted(DicomUid abstractSyntax, DicomTransferSyntax? preferred = null)
    {
        NegotiatedPresentationContext? any = null;
        foreach (var context in PresentationContexts)
        {
            if (!context.IsAccepted || context.AbstractSyntax != abstractSyntax)
            {
                continue;
            }

            if (preferred is null || context.TransferSyntax.Uid == preferred.Value.Uid)
            {
                return context;
            }

            any ??= context;
        }

        return any;
    }
}

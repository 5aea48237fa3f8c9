using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>What an SCU asks for when it opens an association.</summary>
public sealed record AssociationRequest
{
    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    /// <summary>At most 128 contexts (ids 1, 3, … 255).</summary>
    public required IReadOnlyList<PresentationContextProposal> PresentationContexts { get; init; }

    /// <summary>Largest P-DATA-TF we accept from the peer; bounds receive memory.</summary>
    public uint MaxPduLength { get; init; } = AssociationDefaults.MaxPduLength;

    /// <summary>Null: do not propose a window (the default, one operation at a time).</summary>
    public AsyncOperationsWindowItem? AsyncOperationsWindow { get; init; }

    public UserIdentityRequestItem? UserIdentity { get; init; }

    public IReadOnlyList<SopClassExtendedNegotiationItem> ExtendedNegotiations { get; init; } = [];

    public IReadOnlyList<SopClassCommonExtendedNegotiationItem> CommonExtendedNegotiations { get; init; } = [];
}

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// The user information item (PS3.8 §9.3.2.3, PS3.7 Annex D) with all its standard sub-items.
/// Sub-items we do not know are kept in <see cref="UnknownSubItems"/> and written back as received.
/// </summary>
public sealed record UserInformationItem
{
    /// <summary>Maximum length of P-DATA-TF PDUs the sender can receive; 0 means no limit.</summary>
    public uint? MaximumLength { get; init; }

    public string? ImplementationClassUid { get; init; }

    public string? ImplementationVersionName { get; init; }

    public AsyncOperationsWindowItem? AsyncOperationsWindow { get; init; }

    public IReadOnlyList<RoleSelectionItem> RoleSelections { get; init; } = [];

    public IReadOnlyList<SopClassExtendedNegotiationItem> SopClassExtendedNegotiations { get; init; } = [];

    public IReadOnlyList<SopClassCommonExtendedNegotiationItem> SopClassCommonExtendedNegotiations { get; init; } = [];

    public UserIdentityRequestItem? UserIdentityRequest { get; init; }

    public UserIdentityResponseItem? UserIdentityResponse { get; init; }

    public IReadOnlyList<UnknownSubItem> UnknownSubItems { get; init; } = [];
}

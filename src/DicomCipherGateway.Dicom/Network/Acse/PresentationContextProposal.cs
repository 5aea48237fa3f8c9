using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// One abstract syntax the requestor proposes, with its transfer syntaxes in order of
/// preference. <see cref="ScuRole"/>/<see cref="ScpRole"/> add an SCP/SCU role selection
/// sub-item (needed for C-GET, where the requestor must also act as storage SCP).
/// </summary>
public sealed record PresentationContextProposal(DicomUid AbstractSyntax, IReadOnlyList<DicomTransferSyntax> TransferSyntaxes)
{
    public bool? ScuRole { get; init; }

    public bool? ScpRole { get; init; }
}

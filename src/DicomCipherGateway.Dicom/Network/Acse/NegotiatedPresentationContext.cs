using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// A presentation context after negotiation. Roles are the association-requestor's
/// (PS3.7 D.3.3.4): without role selection the requestor is SCU only.
/// </summary>
public sealed record NegotiatedPresentationContext(
    byte Id,
    DicomUid AbstractSyntax,
    DicomTransferSyntax TransferSyntax,
    PresentationContextResult Result,
    bool RequestorIsScu = true,
    bool RequestorIsScp = false)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}

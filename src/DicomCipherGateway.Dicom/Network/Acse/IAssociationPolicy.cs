using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// Decides whether to accept an association and which presentation contexts, per calling and
/// called AE, abstract syntax and transfer syntax. <see cref="AssociationPolicy"/> is the
/// configurable default; applications may supply their own (a DI service).
/// </summary>
public interface IAssociationPolicy
{
    ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken);
}

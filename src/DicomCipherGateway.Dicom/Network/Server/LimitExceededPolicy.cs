using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Server;

/// <summary>Answers every request with A-ASSOCIATE-RJ, transient, local limit exceeded (PS3.8 Table 9-21).</summary>
internal sealed class LimitExceededPolicy : IAssociationPolicy
{
    public static LimitExceededPolicy Instance { get; } = new();

    public ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AssociationDecision.Reject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.LocalLimitExceeded));
}

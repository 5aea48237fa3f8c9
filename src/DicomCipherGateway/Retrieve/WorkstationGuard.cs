using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;

namespace DicomCipherGateway.Retrieve;

/// <summary>Only Workstation peers query and retrieve; anyone else gets 0x0124 and an audit record.</summary>
internal static class WorkstationGuard
{
    public static PeerOptions Require(PeerTable peers, string calling, AuditTrail audit, string operation, string sopClassUid)
    {
        if (peers.Find(calling) is { } peer && PeerTable.Has(peer, PeerRole.Workstation))
        {
            return peer;
        }

        audit.Write(new AuditRecord { Event = operation, Outcome = "refused", Reason = $"{calling} has no Workstation role", CallingAe = calling, SopClassUid = sopClassUid, Status = DicomStatus.NotAuthorized.ToString() });
        throw new DicomStatusException(DicomStatus.NotAuthorized);
    }
}

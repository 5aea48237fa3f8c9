using DicomCipherGateway.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>Association log events. AE titles, ids and sizes only: never patient data or credentials.</summary>
internal static partial class AssociationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Association {AssociationId} established: {CallingAe} -> {CalledAe}, {Accepted}/{Proposed} contexts accepted, max PDU {MaxPduToPeer} out / {MaxPduFromPeer} in")]
    public static partial void Established(ILogger logger, string associationId, string callingAe, string calledAe, int accepted, int proposed, uint maxPduToPeer, uint maxPduFromPeer);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Association {AssociationId} rejected: {CallingAe} -> {CalledAe}, result {Result}, source {Source}, reason {Reason}")]
    public static partial void Rejected(ILogger logger, string associationId, string callingAe, string calledAe, RejectResult result, RejectSource source, byte reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Association {AssociationId} released")]
    public static partial void Released(ILogger logger, string associationId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Association {AssociationId} aborted in {State}: {Reason}")]
    public static partial void Aborted(ILogger logger, string associationId, UpperLayerState state, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Association {AssociationId}: protocol error from peer in {State}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string associationId, UpperLayerState state, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Association {AssociationId}: {Timer} timer expired in {State}")]
    public static partial void TimerExpired(ILogger logger, string associationId, DicomTimer timer, UpperLayerState state);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Association {AssociationId}: the association policy failed; rejecting")]
    public static partial void PolicyFailed(ILogger logger, string associationId, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Association {AssociationId}: connection closed in {State}")]
    public static partial void ConnectionClosed(ILogger logger, string associationId, UpperLayerState state);
}

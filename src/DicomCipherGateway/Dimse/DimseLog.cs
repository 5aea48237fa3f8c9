using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dimse;

internal static partial class DimseLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "DICOM listener on {EndPoint} as {AeTitle}{Tls}")]
    public static partial void Listening(ILogger logger, string endPoint, string aeTitle, string tls);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "SOP Instance {SopInstanceUid} received again with different content: fingerprint {Previous} before, {Current} now; both are forwarded")]
    public static partial void DifferentContent(ILogger logger, string sopInstanceUid, string previous, string current);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "DICOM listener stopped")]
    public static partial void Stopped(ILogger logger);
}

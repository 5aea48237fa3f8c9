using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Client;

internal static partial class RetrieveLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "C-GET: {Count} storage SOP classes from {Source} ({Instances} instances known)")]
    public static partial void Discovered(ILogger logger, int count, SopClassSource source, int? instances);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "C-GET: {Method} did not tell the SOP classes: {Reason}")]
    public static partial void DiscoveryStepFailed(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "C-GET: association {Index} of {Count} proposes {Classes} storage SOP classes")]
    public static partial void Batch(ILogger logger, int index, int count, int classes);
}

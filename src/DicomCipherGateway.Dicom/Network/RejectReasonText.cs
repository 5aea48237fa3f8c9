namespace DicomCipherGateway.Dicom.Network;

internal static class RejectReasonText
{
    public static string Describe(RejectSource source, byte reason) => (source, reason) switch
    {
        (RejectSource.ServiceUser, RejectReason.NoReasonGiven) => "no reason given",
        (RejectSource.ServiceUser, RejectReason.ApplicationContextNameNotSupported) => "application context name not supported",
        (RejectSource.ServiceUser, RejectReason.CallingAeTitleNotRecognized) => "calling AE title not recognized",
        (RejectSource.ServiceUser, RejectReason.CalledAeTitleNotRecognized) => "called AE title not recognized",
        (RejectSource.ServiceProviderAcse, RejectReason.AcseNoReasonGiven) => "no reason given",
        (RejectSource.ServiceProviderAcse, RejectReason.ProtocolVersionNotSupported) => "protocol version not supported",
        (RejectSource.ServiceProviderPresentation, RejectReason.TemporaryCongestion) => "temporary congestion",
        (RejectSource.ServiceProviderPresentation, RejectReason.LocalLimitExceeded) => "local limit exceeded",
        _ => $"reserved ({reason})",
    };
}

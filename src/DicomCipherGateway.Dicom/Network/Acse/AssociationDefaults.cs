namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>Values we send when the application does not choose.</summary>
public static class AssociationDefaults
{
    public const string ApplicationContextName = "1.2.840.10008.3.1.1.1";

    /// <summary>Our implementation class UID (under the UUID-derived root 2.25, fixed for this product).</summary>
    public const string ImplementationClassUid = "2.25.301897426355094862129618262113398187419";

    public const string ImplementationVersionName = "DCG_0_1";

    public const uint MaxPduLength = 256 * 1024;

    /// <summary>When the peer says 0 (no limit), we still cut PDUs at this size.</summary>
    public const uint MaxSendPduLength = 1024 * 1024;
}

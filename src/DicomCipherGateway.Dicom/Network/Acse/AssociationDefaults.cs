namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>Values we send when the application does not choose.</summary>
public static class AssociationDefaults
{
    public const string ApplicationContextName = "1.2.840.10008.3.1.1.1";

    /// <summary>The library's one implementation class UID, the same as in the files it writes.</summary>
    public const string ImplementationClassUid = Part10.FileMetaInformation.ImplementationClassUid;

    public const string ImplementationVersionName = Part10.FileMetaInformation.ImplementationVersion;

    public const uint MaxPduLength = 256 * 1024;

    /// <summary>When the peer says 0 (no limit), we still cut PDUs at this size.</summary>
    public const uint MaxSendPduLength = 1024 * 1024;
}

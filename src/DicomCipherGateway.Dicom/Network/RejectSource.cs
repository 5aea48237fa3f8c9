namespace DicomCipherGateway.Dicom.Network;

/// <summary>A-ASSOCIATE-RJ source field (PS3.8 Table 9-21).</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

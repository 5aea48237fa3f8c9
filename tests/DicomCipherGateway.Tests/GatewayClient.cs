using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;

namespace DicomCipherGateway.Tests;

/// <summary>Our library's client as a workstation of the gateway: what DCMTK's tools cannot do (C-CANCEL, concurrent moves).</summary>
internal static class GatewayClient
{
    public static readonly DicomUid MoveModel = DicomUids.MOVEStudyRootQueryRetrieveInformationModel;

    public static readonly DicomUid FindModel = DicomUids.FINDStudyRootQueryRetrieveInformationModel;

    public static Task<DicomClientAssociation> AssociateAsync(int gatewayPort, string callingAe, DicomUid model) =>
        new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = gatewayPort }).AssociateAsync(
            new AssociationRequest
            {
                CalledAeTitle = GatewayConfig.AeTitle,
                CallingAeTitle = callingAe,
                PresentationContexts = [new PresentationContextProposal(model, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])],
            },
            CancellationToken.None);

    /// <summary>A STUDY-level identifier for <paramref name="studyInstanceUid"/>.</summary>
    public static DicomDataset Study(string studyInstanceUid)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyInstanceUid);
        return identifier;
    }
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Retrieve;

/// <summary>The Patient Root and Study Root information models the gateway serves, and the C-GET model the PACS is asked with for each.</summary>
internal static class QueryRetrieveModels
{
    public static IReadOnlyList<DicomUid> Find { get; } = [DicomUids.FINDPatientRootQueryRetrieveInformationModel, DicomUids.FINDStudyRootQueryRetrieveInformationModel];

    public static IReadOnlyList<DicomUid> Move { get; } = [DicomUids.MOVEPatientRootQueryRetrieveInformationModel, DicomUids.MOVEStudyRootQueryRetrieveInformationModel];

    public static IReadOnlyList<DicomUid> Get { get; } = [DicomUids.GETPatientRootQueryRetrieveInformationModel, DicomUids.GETStudyRootQueryRetrieveInformationModel];

    /// <summary>The C-GET model of the same root as <paramref name="model"/> (a MOVE or GET model).</summary>
    public static DicomUid GetModelFor(string model) =>
        model == DicomUids.MOVEPatientRootQueryRetrieveInformationModel.Value || model == DicomUids.GETPatientRootQueryRetrieveInformationModel.Value
            ? DicomUids.GETPatientRootQueryRetrieveInformationModel
            : DicomUids.GETStudyRootQueryRetrieveInformationModel;

    /// <summary>The C-MOVE model of the same root as <paramref name="model"/> (a MOVE or GET model).</summary>
    public static DicomUid MoveModelFor(string model) =>
        GetModelFor(model) == DicomUids.GETPatientRootQueryRetrieveInformationModel
            ? DicomUids.MOVEPatientRootQueryRetrieveInformationModel
            : DicomUids.MOVEStudyRootQueryRetrieveInformationModel;
}

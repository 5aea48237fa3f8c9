using System.CommandLine;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Options of find, move and get: level, keys and information model.</summary>
internal sealed class QueryRetrieveVerbOptions
{
    public Option<string> Level { get; } = new("--level", "-L") { Description = "PATIENT, STUDY, SERIES or IMAGE.", DefaultValueFactory = _ => "STUDY" };

    public Option<string[]> Keys { get; } = new("--key", "-k") { Description = "Query key: Tag=Value, Keyword=Value, or a bare keyword to ask for its value. Repeatable.", AllowMultipleArgumentsPerToken = false };

    public Option<string> Model { get; } = new("--model", "-m") { Description = "Information model: study (Study Root) or patient (Patient Root).", DefaultValueFactory = _ => "study" };

    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Keys);
        command.Options.Add(Model);
    }

    public DicomDataset Identifier(ParseResult result) => QueryKeys.Build(result.GetValue(Level)!, result.GetValue(Keys) ?? []);

    /// <summary>The SOP class of <paramref name="service"/> ("FIND", "MOVE", "GET") in the chosen model.</summary>
    public DicomUid InformationModel(ParseResult result, string service)
    {
        var model = result.GetValue(Model)!.Trim().ToLowerInvariant();
        return (model, service) switch
        {
            ("study", "FIND") => DicomUids.FINDStudyRootQueryRetrieveInformationModel,
            ("study", "MOVE") => DicomUids.MOVEStudyRootQueryRetrieveInformationModel,
            ("study", "GET") => DicomUids.GETStudyRootQueryRetrieveInformationModel,
            ("patient", "FIND") => DicomUids.FINDPatientRootQueryRetrieveInformationModel,
            ("patient", "MOVE") => DicomUids.MOVEPatientRootQueryRetrieveInformationModel,
            ("patient", "GET") => DicomUids.GETPatientRootQueryRetrieveInformationModel,
            _ => throw new CommandLineException($"--model must be study or patient, not '{model}'."),
        };
    }
}

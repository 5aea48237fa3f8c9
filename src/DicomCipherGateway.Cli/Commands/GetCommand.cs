using System.CommandLine;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg get</c>: C-GET, receiving the instances on the same association into a folder.</summary>
internal static class GetCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var query = new QueryRetrieveVerbOptions();
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder for the received instances (created if missing).", Required = true };
        var command = new Command("get", "Retrieve matching instances on the same association (C-GET).") { output };
        network.AddTo(command);
        query.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("get", async () =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            var identifier = query.Identifier(result);
            var model = query.InformationModel(result, "GET");
            var folder = result.GetValue(output)!;
            folder.Create();
            DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
            await using var association = await network.AssociateAsync(
                result,
                [
                    new PresentationContextProposal(model, native),
                    .. StorageClasses.ForGet.Select(c => new PresentationContextProposal(c, StorageClasses.Accepted) { ScuRole = true, ScpRole = true }),
                ],
                interrupt.Token);
            var store = new FolderStoreHandler(folder.FullName);
            CRetrieveResponse? final = null;
            await foreach (var response in association.GetAsync(model, identifier, store, interrupt.Token))
            {
                Progress.Report(response);
                final = response;
            }

            await association.ReleaseAsync(CancellationToken.None); // bounded by ARTIM, also after an interrupt
            return Progress.ExitCode(final);
        }));
        return command;
    }
}

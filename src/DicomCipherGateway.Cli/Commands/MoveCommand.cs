using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg move</c>: C-MOVE to a destination AE the peer knows, with progress.</summary>
internal static class MoveCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var query = new QueryRetrieveVerbOptions();
        var destination = new Option<string>("--dest", "-d") { Description = "Destination AE title (must be known to the peer).", Required = true };
        var command = new Command("move", "Ask a peer to send matching instances to a destination AE (C-MOVE).") { destination };
        network.AddTo(command);
        query.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("move", async () =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            var identifier = query.Identifier(result);
            var model = query.InformationModel(result, "MOVE");
            await using var association = await network.AssociateAsync(result, [new PresentationContextProposal(model, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])], interrupt.Token);
            CRetrieveResponse? final = null;
            await foreach (var response in association.MoveAsync(model, result.GetValue(destination)!, identifier, interrupt.Token))
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

using System.CommandLine;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg find</c>: C-FIND, printing each match like <c>dcg dump</c>.</summary>
internal static class FindCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var query = new QueryRetrieveVerbOptions();
        var command = new Command("find", "Query a peer (C-FIND) and print the matches.");
        network.AddTo(command);
        query.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("find", async () =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            var identifier = query.Identifier(result);
            var model = query.InformationModel(result, "FIND");
            await using var association = await network.AssociateAsync(result, [new PresentationContextProposal(model, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])], interrupt.Token);
            var printer = new DatasetPrinter(Console.Out);
            var matches = 0;
            var final = default(DicomStatus);
            await foreach (var response in association.FindAsync(model, identifier, interrupt.Token))
            {
                if (response.Identifier is { } match)
                {
                    matches++;
                    Console.WriteLine($"# Match {matches}");
                    printer.Print(match);
                    Console.WriteLine();
                }
                else
                {
                    final = response.Status;
                }
            }

            await association.ReleaseAsync(CancellationToken.None); // bounded by ARTIM, also after an interrupt
            Console.Error.WriteLine($"C-FIND {network.Describe(result)}: {matches} matches, final status {final}");
            return final.IsCompleted ? ExitCodes.Success
                : final.Category == DicomStatusCategory.Cancel ? ExitCodes.Cancelled
                : ExitCodes.OperationFailed;
        }));
        return command;
    }
}

using System.CommandLine;
using System.Diagnostics;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg echo</c>: C-ECHO (verification) to a peer.</summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var command = new Command("echo", "Verify a DICOM peer with C-ECHO.");
        network.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("echo", async () =>
        {
            var watch = Stopwatch.StartNew();
            await using var association = await network.AssociateAsync(result, [new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian])], cancellationToken);
            var status = await association.EchoAsync(cancellationToken);
            await association.ReleaseAsync(cancellationToken);
            Console.WriteLine($"C-ECHO {network.Describe(result)}: {status} in {watch.ElapsedMilliseconds} ms");
            return status.IsSuccess ? ExitCodes.Success : ExitCodes.OperationFailed;
        }));
        return command;
    }
}

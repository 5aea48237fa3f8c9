using System.CommandLine;
using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg listen</c>: a storage SCP writing what it receives to a folder, until Ctrl-C.</summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions(server: true);
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Folder for received instances (created if missing)." };
        var discard = new Option<bool>("--discard") { Description = "Answer every C-STORE with Success and keep nothing (network throughput tests); instead of --output." };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Concurrent associations.", DefaultValueFactory = _ => 16 };
        var acceptUnknown = new Option<bool>("--accept-unknown-sop-classes")
        {
            Description = "Also accept SOP classes the dictionary does not know (private or newer ones; like storescp --promiscuous) and keep them as received.",
        };
        var command = new Command("listen", "Run a storage SCP (C-ECHO, C-STORE) that writes received objects to a folder.") { output, discard, bind, maxAssociations, acceptUnknown };
        network.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("listen", async () =>
        {
            var folder = result.GetValue(output);
            if ((folder is null) == !result.GetValue(discard))
            {
                throw new CommandLineException("dcg listen needs either --output FOLDER or --discard.");
            }

            folder?.Create();
            if (!IPAddress.TryParse(result.GetValue(bind), out var address))
            {
                throw new CommandLineException($"--bind must be an IP address, not '{result.GetValue(bind)}'.");
            }

            // Every storage class of the standard, retired ones too; unknown ones only when asked.
            var policy = new AssociationPolicy()
                .AcceptStorage(new StorageAcceptance { AcceptUnknownSopClasses = result.GetValue(acceptUnknown) })
                .Accept(DicomUids.VerificationSOPClass, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian);
            if (result.GetValue(network.CallingAe) is { Length: > 0 } ae)
            {
                policy.CalledAeTitles.Add(ae);
            }

            var folderStore = folder is null ? null : new FolderStoreHandler(folder.FullName);
            var discarding = folder is null ? new DiscardingStoreHandler() : null;
            var server = new DicomServer(
                new DicomServerOptions
                {
                    EndPoint = new IPEndPoint(address, result.GetValue(network.Port)),
                    Transport = network.ServerTransport(result),
                    MaxAssociations = result.GetValue(maxAssociations),
                    Timeouts = network.Timeouts(result) with { Idle = TimeSpan.FromMinutes(5) },
                },
                policy,
                new DicomServiceHandlers { Store = (ICStoreHandler?)folderStore ?? discarding });
            // SIGTERM (a service manager stopping us) ends the listener as gracefully as Ctrl-C.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            await using (server)
            {
                await server.StartAsync(cancellationToken);
                Console.WriteLine($"listening on {server.EndPoint}, {(folder is null ? "discarding what it receives" : $"writing to {folder.FullName}")} (Ctrl-C to stop)");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: stop accepting, let running associations finish briefly.
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await server.StopAsync(grace.Token);
            }

            Console.WriteLine($"stopped; {folderStore?.Count ?? discarding!.Count} objects received");
            return ExitCodes.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
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
            // The library finds out the classes of the matches (C-FIND to IMAGE level, SOP Classes
            // in Study, else the whole catalogue) and spreads them over associations of 128 contexts.
            var retriever = new CGetRetriever((contexts, token) => network.AssociateAsync(result, contexts, token));
            var discovery = await retriever.DiscoverAsync(model, identifier, interrupt.Token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"proposing {discovery.SopClasses.Count} storage SOP classes ({Describe(discovery)})"));
            var store = new FolderStoreHandler(folder.FullName);
            CRetrieveResponse? final = null;
            await foreach (var response in retriever.GetAsync(model, identifier, store, discovery, interrupt.Token))
            {
                Progress.Report(response);
                final = response;
            }

            return Progress.ExitCode(final);
        }));
        return command;
    }

    private static string Describe(SopClassDiscovery discovery) => discovery.Source switch
    {
        SopClassSource.ImageLevelQuery => string.Create(CultureInfo.InvariantCulture, $"from an IMAGE-level C-FIND of {discovery.InstanceCount} instances"),
        SopClassSource.SopClassesInStudy => "from SOP Classes in Study",
        _ => discovery.InstanceCount is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"the peer did not tell the classes of its {n} instances: every storage class, likeliest first, over as few associations as it takes")
            : "the peer told nothing: every storage class, likeliest first, over as few associations as it takes",
    };
}

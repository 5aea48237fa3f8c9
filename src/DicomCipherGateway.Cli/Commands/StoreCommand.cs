using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg store FILES|FOLDERS</c>: C-STORE of Part 10 files (folders recursively) on one association, or on several in parallel.</summary>
internal static class StoreCommand
{
    private const int MaxAssociations = 32;

    public static Command Create()
    {
        var network = new NetworkOptions();
        var commitment = new StoreCommitment();
        var inputs = new Argument<string[]>("inputs") { Description = "Files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var associations = new Option<int>("--associations", "-n")
        {
            Description = "Parallel associations sharing the files (each takes the next unsent file); overlaps the peer's response round trips on a real network.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("store", "Send DICOM files to a storage SCP (C-STORE), optionally with storage commitment.") { inputs, associations };
        network.AddTo(command);
        commitment.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("store", () => RunAsync(network, commitment, result, result.GetValue(inputs)!, result.GetValue(associations), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(NetworkOptions network, StoreCommitment commitment, ParseResult result, string[] inputs, int associations, CancellationToken cancellationToken)
    {
        if (associations is < 1 or > MaxAssociations)
        {
            throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"--associations must be between 1 and {MaxAssociations}, not {associations}."));
        }

        var commit = commitment.IsRequested(result);
        var commitTimeout = commit ? commitment.Timeout(result) : TimeSpan.Zero;
        var paths = Expand(inputs);
        var named = new HashSet<string>(inputs.Where(File.Exists), StringComparer.Ordinal);
        var files = new List<(string Path, string SopClass, string SopInstance, DicomTransferSyntax Syntax)>();
        var failed = 0;
        foreach (var path in paths)
        {
            try
            {
                var file = DicomFile.Open(path);
                var sopClass = file.Dataset.GetString(DicomTags.SOPClassUID)?.TrimEnd('\0', ' ') ?? file.FileMetaInformation.MediaStorageSOPClassUid
                    ?? throw new InvalidDataException("no SOP Class UID");
                var sopInstance = file.Dataset.GetString(DicomTags.SOPInstanceUID)?.TrimEnd('\0', ' ') ?? file.FileMetaInformation.MediaStorageSOPInstanceUid
                    ?? throw new InvalidDataException("no SOP Instance UID");
                files.Add((path, sopClass, sopInstance, file.TransferSyntax));
            }
            catch (Exception e) when (e is DicomException or InvalidDataException or IOException)
            {
                // A file named on the command line must be DICOM; other files found in folders (README, DICOMDIR's neighbours) are only reported.
                Console.Error.WriteLine($"dcg store: skipping {path}: {e.Message.ReplaceLineEndings(" ")}");
                if (named.Contains(path))
                {
                    failed++;
                }
            }
        }

        if (files.Count == 0)
        {
            Console.Error.WriteLine("dcg store: no DICOM files to send.");
            return failed > 0 ? ExitCodes.MalformedInput : ExitCodes.InputNotFound;
        }

        // Each object's own syntax in a context of its own (sent unchanged when accepted), plus a native fallback.
        var contexts = new List<PresentationContextProposal>(StoreContextPlanner.Plan(files.Select(f => (new DicomUid(f.SopClass), f.Syntax))));

        if (commit)
        {
            contexts.Add(StoreCommitment.Context);
        }

        if (contexts.Count > 128)
        {
            throw new CommandLineException($"These files need {contexts.Count} presentation contexts; an association holds 128. Send them in smaller groups.");
        }

        var (listener, inbox) = commit ? await commitment.ListenAsync(result, network, cancellationToken) : (null, new CommitmentReportCollector());
        await using var _ = listener;
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        var stored = 0;
        var next = -1;
        var done = 0;
        var references = new List<SopReference>();

        // One association per worker; each takes the next unsent file, so a slow association never leaves files waiting behind it.
        async Task SendAsync(CancellationToken token)
        {
            await using var association = await network.AssociateAsync(result, contexts, token);
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                var (path, sopClass, sopInstance, _) = files[i];
                string outcome;
                try
                {
                    var status = await association.StoreAsync(path, token);
                    outcome = status.ToString();
                    if (!status.IsCompleted)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    else
                    {
                        Interlocked.Increment(ref stored);
                        Interlocked.Add(ref bytes, new FileInfo(path).Length);
                        lock (references)
                        {
                            references.Add(new SopReference(sopClass, sopInstance));
                        }
                    }
                }
                catch (Dicom.Network.DicomNetworkException e) when (association.IsOpen)
                {
                    // This file cannot go on this association (no accepted context); the rest can.
                    outcome = e.Message;
                    Interlocked.Increment(ref failed);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Interlocked.Increment(ref done)}/{files.Count}] {Path.GetFileName(path)}: {outcome}"));
            }

            await association.ReleaseAsync(token);
        }

        var workers = Math.Min(associations, files.Count);
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, (_, token) => new ValueTask(SendAsync(token)));
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stored {stored} of {files.Count} DICOM files to {network.Describe(result)}{(workers > 1 ? $" on {workers} associations" : string.Empty)}, {bytes / 1e6:F1} MB in {seconds:F1} s ({bytes / 1e6 / seconds:F1} MB/s), {failed} failed"));
        var committed = ExitCodes.Success;
        if (commit)
        {
            // The commitment request goes on an association of its own once every store has been answered.
            await using var association = await network.AssociateAsync(result, contexts, cancellationToken);
            committed = await commitment.RunAsync(association, references, inbox, listener is not null, commitTimeout, cancellationToken);
            if (association.IsOpen)
            {
                await association.ReleaseAsync(cancellationToken);
            }
        }

        return failed > 0 ? ExitCodes.OperationFailed : committed;
    }

    private static List<string> Expand(IEnumerable<string> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                paths.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                paths.Add(input);
            }
            else
            {
                throw new FileNotFoundException($"{input}: no such file or folder");
            }
        }

        return paths;
    }
}

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

/// <summary><c>dcg store FILES|FOLDERS</c>: C-STORE of Part 10 files (folders recursively) on one association.</summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var commitment = new StoreCommitment();
        var inputs = new Argument<string[]>("inputs") { Description = "Files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("store", "Send DICOM files to a storage SCP (C-STORE), optionally with storage commitment.") { inputs };
        network.AddTo(command);
        commitment.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("store", () => RunAsync(network, commitment, result, result.GetValue(inputs)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(NetworkOptions network, StoreCommitment commitment, ParseResult result, string[] inputs, CancellationToken cancellationToken)
    {
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

        var contexts = new List<PresentationContextProposal>();
        foreach (var group in files.GroupBy(f => f.SopClass, StringComparer.Ordinal))
        {
            var uid = new DicomUid(group.Key);
            contexts.Add(new PresentationContextProposal(uid, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian]));
            foreach (var syntax in group.Select(f => f.Syntax).Where(s => !s.IsNative).DistinctBy(s => s.Uid))
            {
                contexts.Add(new PresentationContextProposal(uid, [syntax]));
            }
        }

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
        await using var association = await network.AssociateAsync(result, contexts, cancellationToken);
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        var stored = 0;
        var references = new List<SopReference>();
        for (var i = 0; i < files.Count; i++)
        {
            var (path, sopClass, sopInstance, _) = files[i];
            string outcome;
            try
            {
                var status = await association.StoreAsync(path, cancellationToken);
                outcome = status.ToString();
                if (!status.IsCompleted)
                {
                    failed++;
                }
                else
                {
                    stored++;
                    bytes += new FileInfo(path).Length;
                    references.Add(new SopReference(sopClass, sopInstance));
                }
            }
            catch (Dicom.Network.DicomNetworkException e) when (association.IsOpen)
            {
                // This file cannot go on this association (no accepted context); the rest can.
                outcome = e.Message;
                failed++;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{i + 1}/{files.Count}] {Path.GetFileName(path)}: {outcome}"));
        }

        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stored {stored} of {files.Count} DICOM files to {network.Describe(result)}, {bytes / 1e6:F1} MB in {seconds:F1} s ({bytes / 1e6 / seconds:F1} MB/s), {failed} failed"));
        var committed = commit
            ? await commitment.RunAsync(association, references, inbox, listener is not null, commitTimeout, cancellationToken)
            : ExitCodes.Success;
        if (association.IsOpen)
        {
            await association.ReleaseAsync(cancellationToken);
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

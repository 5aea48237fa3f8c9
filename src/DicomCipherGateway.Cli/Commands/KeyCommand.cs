using System.CommandLine;
using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg key info|list|new-kek</c>: inspect key files and keyrings, create a KEK file.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var command = new Command("key", "Inspect key files and keyrings.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(List());
        command.Subcommands.Add(NewKek());
        return command;
    }

    private static Command Info()
    {
        var file = new Argument<FileInfo>("file") { Description = "The key file." };
        var kek = new KekOptions();
        var command = new Command("info", "Show a key file's id and header; with the KEK, its architecture, training and fingerprints (never the secrets).");
        command.Arguments.Add(file);
        kek.AddTo(command);
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var path = result.GetValue(file)!.FullName;
            var header = KeyFile.ReadHeader(path);
            Console.WriteLine($"key id:        {header.KeyId}");
            Console.WriteLine($"created:       {header.Created:u}");
            Console.WriteLine($"format:        version {header.Version}, sealed with {(header.KekKind == KekKind.Passphrase ? $"a passphrase (PBKDF2-SHA256, {header.Iterations} iterations)" : "a KEK file")}");
            if (kek.IsAbsent(result))
            {
                Console.WriteLine("(give --kek-file or --passphrase-env to verify the file and show its contents)");
                return 0;
            }

            using var keyEncryptionKey = kek.Resolve(result);
            using var key = KeyFile.Read(path, keyEncryptionKey, torch.CPU);
            var m = key.Metadata;
            var t = m.Training;
            Console.WriteLine($"verified:      yes (AES-256-GCM tag and weight fingerprints match)");
            Console.WriteLine($"architecture:  {m.Architecture.Channels} channel(s), {m.Architecture.ResidualBlocks} residual blocks");
            Console.WriteLine($"G sha256:      {m.EncryptorFingerprint}");
            Console.WriteLine($"F sha256:      {m.DecryptorFingerprint}");
            Console.WriteLine($"training:      preset {t.Preset}, {t.Steps} steps ({t.Epochs:F1} epochs) of {t.BatchSize}×{t.CropSize}², view quantised to {t.QuantisationBits} bits, {t.ElapsedSeconds:F0} s on {t.Device}");
            Console.WriteLine($"data set:      {t.DatasetImages} images, sha256 {t.DatasetFingerprint}");
            Console.WriteLine($"hidden factors:{' '}{t.HiddenFactors}");
            Console.WriteLine($"seeded:        {(t.Seeded ? "YES (test key: reproducible, not secret)" : "no (OS CSPRNG)")}");
            Console.WriteLine($"quality gate:  {(m.QualityCheck is { } q ? q.Describe() : "none recorded (key made before the gate existed)")}");
            if (m.QualityCheck is { TextureLeaks: true } leaking)
            {
                Console.WriteLine($"               {leaking.TextureWarning}");
            }
            if (t.Rollbacks > 0)
            {
                Console.WriteLine($"roll-backs:    {t.Rollbacks} (training diverged and continued at {t.FinalLearningRateScale:0.###}× the learning rate)");
            }

            Console.WriteLine($"final losses:  rec {t.FinalReconstructionLoss:F4}, G adv {t.FinalAdversarialLoss:F3}, D {t.FinalDiscriminatorLoss:F3}, corr {t.FinalCorrelationLoss:F4}");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The keyring directory." };
        var active = new Option<string?>("--active") { Description = "The active key id (from configuration), to mark it." };
        var command = new Command("list", "List the keys of a keyring directory (no KEK needed: reads the clear headers).");
        command.Arguments.Add(directory);
        command.Options.Add(active);
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var activeText = result.GetValue(active);
            KeyId? activeId = activeText is null ? null : KeyId.Parse(activeText);
            var entries = Keyring.List(result.GetValue(directory)!.FullName, activeId);
            foreach (var entry in entries)
            {
                Console.WriteLine($"{(entry.IsActive ? "*" : " ")} {entry.Header.KeyId}  {entry.Header.Created:u}  {Path.GetFileName(entry.Path)}");
            }

            if (activeId is { } id && !entries.Any(e => e.IsActive))
            {
                Console.Error.WriteLine($"dcg: the active key {id} is not in this keyring");
                return 1;
            }

            Console.Error.WriteLine($"{entries.Count} key(s)");
            return 0;
        }));
        return command;
    }

    private static Command NewKek()
    {
        var file = new Argument<FileInfo>("file") { Description = "The KEK file to create (mode 600)." };
        var command = new Command("new-kek", "Create a KEK file holding a fresh random 256-bit key.");
        command.Arguments.Add(file);
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var path = result.GetValue(file)!.FullName;
            if (File.Exists(path))
            {
                throw new CommandLineException($"{path} exists; a KEK file is never overwritten.");
            }

            using var kek = KeyEncryptionKey.Generate();
            kek.WriteToFile(path);
            Console.Error.WriteLine($"created {path}");
            return 0;
        }));
        return command;
    }
}

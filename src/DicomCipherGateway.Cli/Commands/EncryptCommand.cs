using System.CommandLine;
using DicomCipherGateway.Cipher.Objects;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg encrypt IN OUT</c>: DICOM objects to ciphertext objects (docs/ciphertext-object.md) with the keyring's active key.</summary>
internal static class EncryptCommand
{
    public static Command Create()
    {
        var options = new CipherCommandOptions();
        var profile = new Option<string>("--profile") { Description = "dlednet-sealed (default: bit-exact, tamper-evident) or dlednet (the paper: lossy).", DefaultValueFactory = _ => "dlednet-sealed" };
        var view = new Option<string>("--view") { Description = "g (default: G(x), what ROI mining works on) or noise (keyed noise; sealed profile only).", DefaultValueFactory = _ => "g" };
        var command = new Command("encrypt", "Encrypt DICOM files (a file or a folder, recursively) into ciphertext objects.");
        options.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(view);
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var objectOptions = new ObjectEncryptionOptions(
                ObjectEncryptionOptions.ParseProfile(result.GetValue(profile)!),
                ObjectEncryptionOptions.ParseView(result.GetValue(view)!));
            using var keyring = options.OpenKeyring(result, "encrypt", out var kek);
            using (kek)
            {
                var encryptor = new DicomObjectEncryptor(keyring.Active, objectOptions);
                Console.Error.WriteLine($"dcg encrypt: key {keyring.ActiveKeyId}, profile {result.GetValue(profile)}, view {result.GetValue(view)}");
                return new ObjectBatch("encrypt", options.OutputMode(result)).Run(
                    result.GetValue(options.Input)!,
                    result.GetValue(options.Output)!,
                    file => (encryptor.Encrypt(file, cancellationToken), ObjectBatch.Outcome.Done, null),
                    cancellationToken);
            }
        })));
        return command;
    }
}

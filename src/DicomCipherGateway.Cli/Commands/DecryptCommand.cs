using System.CommandLine;
using DicomCipherGateway.Cipher.Objects;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg decrypt IN OUT</c>: ciphertext objects back to the originals, each with the key its
/// private block names; objects that are not encrypted are copied unchanged (as the gateway passes them through).
/// </summary>
internal static class DecryptCommand
{
    public static Command Create()
    {
        var options = new CipherCommandOptions();
        var command = new Command("decrypt", "Decrypt ciphertext objects (a file or a folder, recursively) with the keys of a keyring.");
        options.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            using var keyring = options.OpenKeyring(result, "decrypt", out var kek);
            using (kek)
            {
                var decryptor = new DicomObjectDecryptor(keyring);
                return new ObjectBatch("decrypt").Run(
                    result.GetValue(options.Input)!,
                    result.GetValue(options.Output)!,
                    file => DicomObjectDecryptor.IsEncrypted(file.Dataset)
                        ? (decryptor.Decrypt(file, cancellationToken), ObjectBatch.Outcome.Done)
                        : (file, ObjectBatch.Outcome.PassedThrough),
                    cancellationToken);
            }
        })));
        return command;
    }
}

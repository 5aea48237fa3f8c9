using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Cipher.Objects;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg decrypt IN OUT</c>: ciphertext objects back to the originals, each with the key its
/// private block names, strictly (docs/ciphertext-object.md, "Strict decryption"): legacy plaintext
/// is refused unless allowed, remnants of a ciphertext object are tampering, and header changes
/// since encryption are printed by attribute name (never values).
/// </summary>
internal static class DecryptCommand
{
    public static Command Create()
    {
        var options = new CipherCommandOptions();
        var allowLegacy = new Option<bool>("--allow-legacy-plaintext") { Description = "Copy objects that are not encrypted (and show no sign of having been) unchanged, instead of refusing them." };
        var cutover = new Option<string?>("--legacy-cutover") { Description = "Allow legacy plaintext only when created (Instance Creation Date, else Content Date) before this date, YYYY-MM-DD." };
        var refuseIdentity = new Option<bool>("--refuse-identity-changes") { Description = "Refuse objects whose patient, study or series attributes changed since encryption (default: report them)." };
        var command = new Command("decrypt", "Decrypt ciphertext objects (a file or a folder, recursively) with the keys of a keyring.");
        options.AddTo(command);
        command.Options.Add(allowLegacy);
        command.Options.Add(cutover);
        command.Options.Add(refuseIdentity);
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var policy = Policy(result.GetValue(allowLegacy), result.GetValue(cutover), result.GetValue(refuseIdentity));
            var mode = options.OutputMode(result);
            using var keyring = options.OpenKeyring(result, "decrypt", out var kek);
            using (kek)
            {
                var decryptor = new DicomObjectDecryptor(keyring, policy);
                return new ObjectBatch("decrypt", mode).Run(
                    result.GetValue(options.Input)!,
                    result.GetValue(options.Output)!,
                    file =>
                    {
                        var opened = decryptor.Open(file, cancellationToken);
                        return opened.Outcome == DecryptionOutcome.LegacyPlaintext
                            ? (opened.File, ObjectBatch.Outcome.PassedThrough, opened.LegacyBasis)
                            : (opened.File, ObjectBatch.Outcome.Done, Report(opened));
                    },
                    cancellationToken);
            }
        })));
        return command;
    }

    private static DecryptionPolicy Policy(bool allowLegacy, string? cutover, bool refuseIdentity)
    {
        if (allowLegacy && cutover is not null)
        {
            throw new CommandLineException("give --allow-legacy-plaintext or --legacy-cutover, not both.");
        }

        var policy = new DecryptionPolicy
        {
            LegacyPlaintext = allowLegacy ? LegacyPlaintextRule.Allow : LegacyPlaintextRule.Refuse,
            RefuseIdentityChanges = refuseIdentity,
        };
        if (cutover is not null)
        {
            if (!DateOnly.TryParseExact(cutover.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new CommandLineException($"--legacy-cutover {cutover}: a date YYYY-MM-DD is expected.");
            }

            policy = policy with { LegacyPlaintext = LegacyPlaintextRule.AllowCreatedBeforeCutover, LegacyCutover = date };
        }

        return policy;
    }

    /// <summary>The audit line of a decrypted object: attribute names and tags that changed since encryption, never their values.</summary>
    private static string? Report(DecryptionResult result) =>
        result.HeaderChanges.Count == 0
            ? null
            : $"SOP Instance {result.SopInstanceUid}: decrypted; header changed since encryption: {string.Join(", ", result.HeaderChanges.Select(c => $"{c.Name} {c.Tag} {c.Kind.ToString().ToLowerInvariant()}{(c.Class == HeaderAttributeClass.Identity ? " (identity)" : string.Empty)}"))}";
}

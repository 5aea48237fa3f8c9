using System.CommandLine;
using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>The two ways to give a key-encryption key on the command line: a KEK file or a passphrase in an environment variable.</summary>
internal sealed class KekOptions
{
    public Option<FileInfo?> KekFile { get; } = new("--kek-file")
    {
        Description = "File holding the 256-bit key-encryption key (64 hex digits).",
    };

    public Option<string?> PassphraseEnv { get; } = new("--passphrase-env")
    {
        Description = "Name of an environment variable holding the passphrase (PBKDF2-SHA256) instead of a KEK file.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(KekFile);
        command.Options.Add(PassphraseEnv);
    }

    /// <summary>True when neither option was given.</summary>
    public bool IsAbsent(ParseResult result) => result.GetValue(KekFile) is null && result.GetValue(PassphraseEnv) is null;

    /// <summary>The KEK the options name; with <paramref name="createMissingFile"/> a missing KEK file is created.</summary>
    public KeyEncryptionKey Resolve(ParseResult result, bool createMissingFile = false)
    {
        var file = result.GetValue(KekFile);
        var env = result.GetValue(PassphraseEnv);
        if (file is not null && env is not null)
        {
            throw new CommandLineException("give either --kek-file or --passphrase-env, not both.");
        }

        if (env is not null)
        {
            var passphrase = Environment.GetEnvironmentVariable(env);
            if (string.IsNullOrEmpty(passphrase))
            {
                throw new CommandLineException($"the environment variable {env} (--passphrase-env) is not set or empty.");
            }

            return KeyEncryptionKey.FromPassphrase(passphrase);
        }

        if (file is null)
        {
            throw new CommandLineException("a key-encryption key is required: --kek-file FILE or --passphrase-env VAR.");
        }

        if (!file.Exists && createMissingFile)
        {
            var kek = KeyEncryptionKey.Generate();
            kek.WriteToFile(file.FullName);
            Console.Error.WriteLine($"created KEK file {file.FullName} (keep it apart from the key files, and back it up)");
            return kek;
        }

        return KeyEncryptionKey.FromFile(file.FullName);
    }
}

using System.CommandLine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Torch;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Options shared by <c>dcg encrypt</c> and <c>dcg decrypt</c>: the keyring, its KEK, the device and threads.</summary>
internal sealed class CipherCommandOptions
{
    public Argument<string> Input { get; } = new("IN") { Description = "A DICOM file, or a folder processed recursively." };

    public Argument<string> Output { get; } = new("OUT") { Description = "The output file, or folder (mirrors IN's subfolders)." };

    public Option<DirectoryInfo> Keyring { get; } = new("--keyring") { Description = "The keyring folder (*.dcgkey files).", Required = true };

    public Option<string?> KeyId { get; } = new("--key-id") { Description = "Active key id (32 hex digits); default: the keyring's only key." };

    public KekOptions Kek { get; } = new();

    public Option<string> Device { get; } = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };

    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };

    public Option<string> Mode { get; } = new("--output-mode") { Description = "Octal mode of the files written (they hold patient data).", DefaultValueFactory = _ => "600" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Input);
        command.Arguments.Add(Output);
        command.Options.Add(Keyring);
        command.Options.Add(KeyId);
        Kek.AddTo(command);
        command.Options.Add(Device);
        command.Options.Add(Threads);
        command.Options.Add(Mode);
    }

    /// <summary>The <c>--output-mode</c> given.</summary>
    public UnixFileMode OutputMode(ParseResult result) => ObjectBatch.ParseMode(result.GetValue(Mode)!);

    /// <summary>Configures libtorch and opens the keyring (the active key is loaded now, so a wrong KEK fails before any file).</summary>
    public Keyring OpenKeyring(ParseResult result, string verb, out KeyEncryptionKey kek)
    {
        var directory = result.GetValue(Keyring)!.FullName;
        var environment = TorchRuntime.Configure(TorchRuntime.ParseDevice(result.GetValue(Device)!), result.GetValue(Threads));
        Console.Error.WriteLine($"dcg {verb}: {environment}");
        var text = result.GetValue(KeyId);
        KeyId active;
        if (text is not null)
        {
            active = Cipher.Keys.KeyId.Parse(text);
        }
        else
        {
            var entries = Cipher.Keys.Keyring.List(directory);
            if (entries.Count == 0)
            {
                throw new CommandLineException($"the keyring {directory} holds no key files.");
            }

            if (entries.Count > 1 && verb == "encrypt")
            {
                throw new CommandLineException($"the keyring {directory} holds {entries.Count} keys: name the active one with --key-id.");
            }

            active = entries[0].Header.KeyId;
        }

        kek = Kek.Resolve(result);
        try
        {
            return new Keyring(directory, active, kek, environment.Device);
        }
        catch
        {
            kek.Dispose();
            throw;
        }
    }
}

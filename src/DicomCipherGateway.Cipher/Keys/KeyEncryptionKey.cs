using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// The secret that seals key files at rest: a 256-bit key from a KEK file, or a passphrase
/// stretched with PBKDF2-SHA256 (random 16-byte salt per file, iteration count stored).
/// A KEK file is one line, <c>dcgkek1:</c> followed by 64 hex digits, readable by its owner only
/// (docs/cipher.md, "KEK files").
/// </summary>
public sealed class KeyEncryptionKey : IDisposable
{
    /// <summary>PBKDF2 iterations for new passphrase-sealed files (OWASP's 2023 figure for SHA-256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Smallest iteration count accepted when reading, so a forged header cannot weaken the derivation to nothing.</summary>
    public const int MinimumIterations = 10_000;

    /// <summary>Largest iteration count accepted when reading, so a forged header cannot make opening a key file hang (about a minute of CPU).</summary>
    public const int MaximumIterations = 10_000_000;

    /// <summary>What a KEK file starts with, naming its format.</summary>
    public const string FilePrefix = "dcgkek1:";

    private readonly byte[]? key;
    private readonly byte[]? passphrase;
    private readonly int iterations;

    private KeyEncryptionKey(byte[]? key, byte[]? passphrase, int iterations)
    {
        this.key = key;
        this.passphrase = passphrase;
        this.iterations = iterations;
    }

    /// <summary>How this KEK seals.</summary>
    public KekKind Kind => key is not null ? KekKind.KeyFile : KekKind.Passphrase;

    /// <summary>A fresh random 256-bit KEK.</summary>
    public static KeyEncryptionKey Generate() => new(RandomNumberGenerator.GetBytes(32), null, 0);

    /// <summary>Uses a passphrase (UTF-8) through PBKDF2-SHA256.</summary>
    public static KeyEncryptionKey FromPassphrase(string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        if (passphrase.Length < 12)
        {
            throw new KeyFileException(null, "The passphrase is shorter than 12 characters.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        return new KeyEncryptionKey(null, Encoding.UTF8.GetBytes(passphrase), iterations);
    }

    /// <summary>
    /// Reads a KEK file: <c>dcgkek1:</c> and 64 hex digits (also, from earlier builds, the 64 hex
    /// digits alone). Refused when group or others have any access to it (as ssh refuses private
    /// keys), and when it holds anything else, raw 32-byte files included.
    /// </summary>
    /// <exception cref="KeyFileException">Missing, unreadable, accessible to others, or not a KEK file.</exception>
    public static KeyEncryptionKey FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
                if ((mode & others) != 0)
                {
                    throw new KeyFileException(path, $"the KEK file is accessible to group or others (mode {Convert.ToString((int)mode, 8)}); it is refused, as ssh refuses private keys: chmod 600 it.");
                }
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"the KEK file cannot be read ({ex.Message}).", ex);
        }

        try
        {
            var text = content.Length <= 256 && content.All(b => b is (>= 0x20 and < 0x7F) or 0x09 or 0x0A or 0x0D)
                ? Encoding.ASCII.GetString(content).Trim()
                : string.Empty;
            var hex = text.StartsWith(FilePrefix, StringComparison.Ordinal) ? text[FilePrefix.Length..] : text;
            if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
            {
                return new KeyEncryptionKey(Convert.FromHexString(hex), null, 0);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }

        throw new KeyFileException(path, content.Length == 32
            ? $"raw 32-byte KEK files are no longer read (any 32-byte file would pass for a key); a KEK file holds one line, {FilePrefix} followed by 64 hex digits."
            : $"not a KEK file: a KEK file holds one line, {FilePrefix} followed by 64 hex digits.");
    }

    /// <summary>Writes this KEK (<c>dcgkek1:</c> and 64 hex digits) to the new file <paramref name="path"/>, mode 600; never overwrites.</summary>
    /// <exception cref="KeyFileException"><paramref name="path"/> exists or cannot be written.</exception>
    public void WriteToFile(string path)
    {
        if (key is null)
        {
            throw new InvalidOperationException("A passphrase KEK has no key to write.");
        }

        var bytes = Encoding.ASCII.GetBytes(FilePrefix + Convert.ToHexStringLower(key) + "\n");
        try
        {
            ExclusiveFile.Create(path, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The AES key for a new file, with the salt and iteration count to store.</summary>
    internal byte[] DeriveForWrite(out byte[] salt, out int storedIterations)
    {
        if (key is not null)
        {
            salt = new byte[16];
            storedIterations = 0;
            return (byte[])key.Clone();
        }

        salt = RandomNumberGenerator.GetBytes(16);
        storedIterations = iterations;
        return Rfc2898DeriveBytes.Pbkdf2(passphrase!, salt, iterations, HashAlgorithmName.SHA256, 32);
    }

    /// <summary>The AES key for a file sealed with <paramref name="kind"/>, salt and iterations.</summary>
    internal byte[] DeriveForRead(KekKind kind, ReadOnlySpan<byte> salt, int storedIterations, string? path)
    {
        if (kind != Kind)
        {
            throw new KeyFileException(path, kind == KekKind.Passphrase
                ? "the key file is sealed with a passphrase, but a KEK file was given."
                : "the key file is sealed with a KEK file, but a passphrase was given.");
        }

        if (key is not null)
        {
            return (byte[])key.Clone();
        }

        if (storedIterations is < MinimumIterations or > MaximumIterations)
        {
            throw new KeyFileException(path, $"the header's PBKDF2 iteration count {storedIterations} is outside {MinimumIterations}–{MaximumIterations}.");
        }

        return Rfc2898DeriveBytes.Pbkdf2(passphrase!, salt, storedIterations, HashAlgorithmName.SHA256, 32);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (key is not null)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        if (passphrase is not null)
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }
}

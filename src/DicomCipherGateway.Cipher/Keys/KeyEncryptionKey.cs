using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// The secret that seals key files at rest: a 256-bit key from a KEK file, or a passphrase
/// stretched with PBKDF2-SHA256 (random 16-byte salt per file, iteration count stored).
/// </summary>
public sealed class KeyEncryptionKey : IDisposable
{
    /// <summary>PBKDF2 iterations for new passphrase-sealed files (OWASP's 2023 figure for SHA-256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Smallest iteration count accepted when reading, so a forged header cannot weaken the derivation to nothing.</summary>
    public const int MinimumIterations = 10_000;

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
        return new KeyEncryptionKey(null, Encoding.UTF8.GetBytes(passphrase), iterations);
    }

    /// <summary>Reads a KEK file: 64 hex digits (whitespace ignored) or 32 raw bytes.</summary>
    public static KeyEncryptionKey FromFile(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"the KEK file cannot be read ({ex.Message}).", ex);
        }

        if (content.Length == 32)
        {
            return new KeyEncryptionKey(content, null, 0);
        }

        var text = Encoding.ASCII.GetString(content).Trim();
        if (text.Length == 64 && text.All(Uri.IsHexDigit))
        {
            return new KeyEncryptionKey(Convert.FromHexString(text), null, 0);
        }

        throw new KeyFileException(path, "a KEK file holds 64 hex digits (or 32 raw bytes).");
    }

    /// <summary>Writes this KEK as 64 hex digits to a new file readable by its owner only.</summary>
    public void WriteToFile(string path)
    {
        if (key is null)
        {
            throw new InvalidOperationException("A passphrase KEK has no key to write.");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(key) + "\n"));
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

        if (storedIterations < MinimumIterations)
        {
            throw new KeyFileException(path, $"the header's PBKDF2 iteration count {storedIterations} is below {MinimumIterations}.");
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

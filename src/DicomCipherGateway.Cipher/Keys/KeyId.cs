using System.Security.Cryptography;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>A key's random 128-bit identifier, written as 32 lower-case hex digits.</summary>
public readonly record struct KeyId
{
    /// <summary>Length in bytes.</summary>
    public const int Size = 16;

    private readonly byte[]? bytes;

    private KeyId(byte[] bytes) => this.bytes = bytes;

    /// <summary>The 16 bytes of the id.</summary>
    public ReadOnlySpan<byte> Bytes => bytes ?? new byte[Size];

    /// <summary>A fresh id from the OS CSPRNG.</summary>
    public static KeyId New() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>Wraps 16 bytes.</summary>
    public static KeyId FromBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length != Size)
        {
            throw new ArgumentException($"A key id has {Size} bytes, not {value.Length}.", nameof(value));
        }

        return new KeyId(value.ToArray());
    }

    /// <summary>Parses 32 hex digits.</summary>
    public static KeyId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length != Size * 2 || !trimmed.All(Uri.IsHexDigit))
        {
            throw new FormatException($"'{text}' is not a key id (32 hex digits).");
        }

        return new KeyId(Convert.FromHexString(trimmed));
    }

    /// <inheritdoc />
    public bool Equals(KeyId other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Bytes);

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexStringLower(Bytes);
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// Secret bytes other than key files (training checkpoints) sealed under a KEK: "DCGBLB" | version 1
/// (2) | KEK kind (1) | 3 zero | PBKDF2 iterations (4) | salt (16) | nonce (12) | AES-256-GCM
/// ciphertext | tag (16); the 44-byte header is the associated data.
/// </summary>
public static class KekSealedBlob
{
    private const int HeaderSize = 44;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DCGBLB");

    /// <summary>Seals <paramref name="plaintext"/> under <paramref name="kek"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> plaintext, KeyEncryptionKey kek)
    {
        ArgumentNullException.ThrowIfNull(kek);
        var output = new byte[HeaderSize + plaintext.Length + 16];
        var header = output.AsSpan(0, HeaderSize);
        var aesKey = kek.DeriveForWrite(out var salt, out var iterations);
        try
        {
            Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 1);
            header[8] = (byte)kek.Kind;
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], iterations);
            salt.CopyTo(header[16..]);
            RandomNumberGenerator.Fill(header.Slice(32, 12));
            using var aes = new AesGcm(aesKey, 16);
            aes.Encrypt(header.Slice(32, 12), plaintext, output.AsSpan(HeaderSize, plaintext.Length), output.AsSpan(HeaderSize + plaintext.Length), header);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }

    /// <summary>Opens a sealed blob; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="KeyFileException">Not a blob, truncated, wrong KEK or altered.</exception>
    public static byte[] Open(byte[] sealedBytes, KeyEncryptionKey kek, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        ArgumentNullException.ThrowIfNull(kek);
        if (sealedBytes.Length < HeaderSize + 16)
        {
            throw new KeyFileException(path, "truncated sealed file.");
        }

        var header = sealedBytes.AsSpan(0, HeaderSize);
        if (!header[..6].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) != 1)
        {
            throw new KeyFileException(path, "not a sealed file of this version.");
        }

        var kind = (KekKind)header[8];
        if (kind is not (KekKind.KeyFile or KekKind.Passphrase))
        {
            throw new KeyFileException(path, $"unknown KEK kind {header[8]}.");
        }

        var aesKey = kek.DeriveForRead(kind, header.Slice(16, 16), BinaryPrimitives.ReadInt32LittleEndian(header[12..]), path);
        var plaintext = new byte[sealedBytes.Length - HeaderSize - 16];
        try
        {
            using var aes = new AesGcm(aesKey, 16);
            aes.Decrypt(header.Slice(32, 12), sealedBytes.AsSpan(HeaderSize, plaintext.Length), sealedBytes.AsSpan(HeaderSize + plaintext.Length), plaintext, header);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyFileException(path, "authentication failed: wrong KEK or passphrase, or the file was altered or truncated.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// Reads and writes key files: a 76-byte versioned clear header (the GCM associated data), then
/// the AES-256-GCM ciphertext of the payload under the KEK, then the 16-byte tag. The payload
/// holds the metadata (JSON), the seal key and the weights of G and F. Layout: docs/cipher.md.
/// Version 2 (written now) derives the envelope-wrapping key and the noise-view key from the seal
/// key with HKDF under distinct labels; version 1 files (the seal key used directly) still open.
/// </summary>
public static class KeyFile
{
    /// <summary>Size of the clear header.</summary>
    public const int HeaderSize = 76;

    /// <summary>Conventional extension of key files in a keyring.</summary>
    public const string Extension = ".dcgkey";

    /// <summary>The key-file version this build writes: subkeys derived with HKDF.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The first version: the seal key wraps data keys directly. Still read, never written for new keys.</summary>
    public const int LegacyVersion = 1;

    private const int TagSize = 16;
    private const long MaxPayload = 1L << 30;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DCGKEY");
    private static readonly byte[] PayloadMagic = Encoding.ASCII.GetBytes("DCGKP1");
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new KeyIdJsonConverter() },
    };

    /// <summary>
    /// Writes <paramref name="key"/> sealed under <paramref name="kek"/> to the new file <paramref name="path"/>:
    /// temp file, link(2) to the final name (refused when it exists: a key file is never overwritten), folder fsync.
    /// </summary>
    /// <exception cref="KeyFileException"><paramref name="path"/> exists, or the file cannot be written; nothing is left behind.</exception>
    public static void Write(CipherKey key, string path, KeyEncryptionKey kek)
    {
        var bytes = Serialize(key, kek);
        try
        {
            ExclusiveFile.Create(path, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads and opens a key file, loading G and F onto <paramref name="device"/>.</summary>
    /// <exception cref="KeyFileException">Wrong KEK, truncated, altered, or not a key file; nothing is loaded.</exception>
    public static CipherKey Read(string path, KeyEncryptionKey kek, torch.Device device)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be read ({ex.Message}).", ex);
        }

        return Deserialize(bytes, kek, device, path);
    }

    /// <summary>Reads only the clear header (key id, creation time, KEK kind): no KEK needed, nothing authenticated yet.</summary>
    public static KeyFileHeader ReadHeader(string path)
    {
        var buffer = new byte[HeaderSize];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(buffer, HeaderSize, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be read ({ex.Message}).", ex);
        }

        return ParseHeader(buffer.AsSpan(0, read), path);
    }

    /// <summary>The key file's bytes.</summary>
    public static byte[] Serialize(CipherKey key, KeyEncryptionKey kek)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(kek);
        var payload = BuildPayload(key);
        try
        {
            var output = new byte[HeaderSize + payload.Length + TagSize];
            var aesKey = kek.DeriveForWrite(out var salt, out var iterations);
            try
            {
                var header = output.AsSpan(0, HeaderSize);
                Magic.CopyTo(header);
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)key.FileVersion);
                header[8] = (byte)kek.Kind;
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], iterations);
                salt.CopyTo(header[16..]);
                key.Id.Bytes.CopyTo(header[32..]);
                BinaryPrimitives.WriteInt64LittleEndian(header[48..], key.Metadata.Created.ToUnixTimeMilliseconds());
                RandomNumberGenerator.Fill(header.Slice(56, 12));
                BinaryPrimitives.WriteInt64LittleEndian(header[68..], payload.Length);
                using var aes = new AesGcm(aesKey, TagSize);
                aes.Encrypt(header.Slice(56, 12), payload, output.AsSpan(HeaderSize, payload.Length), output.AsSpan(HeaderSize + payload.Length), header);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(aesKey);
            }

            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Opens key-file bytes; <paramref name="path"/> only names the source in errors.</summary>
    public static CipherKey Deserialize(byte[] bytes, KeyEncryptionKey kek, torch.Device device, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(kek);
        var header = ParseHeader(bytes, path);
        var expected = HeaderSize + header.PayloadLength + TagSize;
        if (bytes.LongLength != expected)
        {
            throw new KeyFileException(path, bytes.LongLength < expected
                ? $"truncated: {bytes.LongLength} bytes, the header announces {expected}."
                : $"{bytes.LongLength - expected} unexpected bytes after the end.");
        }

        var headerSpan = bytes.AsSpan(0, HeaderSize);
        var payload = new byte[header.PayloadLength];
        var aesKey = kek.DeriveForRead(header.KekKind, headerSpan.Slice(16, 16), header.Iterations, path);
        try
        {
            using (var aes = new AesGcm(aesKey, TagSize))
            {
                aes.Decrypt(headerSpan.Slice(56, 12), bytes.AsSpan(HeaderSize, payload.Length), bytes.AsSpan(HeaderSize + payload.Length, TagSize), payload, headerSpan);
            }

            return ParsePayload(payload, header, device, path);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyFileException(path, "authentication failed: wrong KEK or passphrase, or the file was altered.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    private static KeyFileHeader ParseHeader(ReadOnlySpan<byte> bytes, string? path)
    {
        if (bytes.Length < HeaderSize)
        {
            throw new KeyFileException(path, $"truncated: {bytes.Length} bytes, shorter than the {HeaderSize}-byte header.");
        }

        if (!bytes[..6].SequenceEqual(Magic))
        {
            throw new KeyFileException(path, "not a DicomCipherGateway key file (bad magic).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if (version is not (LegacyVersion or CurrentVersion))
        {
            throw new KeyFileException(path, $"unsupported key file version {version} (this build reads {LegacyVersion} and {CurrentVersion}).");
        }

        var kind = (KekKind)bytes[8];
        if (kind is not (KekKind.KeyFile or KekKind.Passphrase) || bytes[9] != 0 || bytes[10] != 0 || bytes[11] != 0)
        {
            throw new KeyFileException(path, $"unknown KEK kind {bytes[8]} or non-zero reserved bytes.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes[68..]);
        if (length is <= 0 or > MaxPayload)
        {
            throw new KeyFileException(path, $"implausible payload length {length}.");
        }

        var created = BinaryPrimitives.ReadInt64LittleEndian(bytes[48..]);
        if (created < 0 || created > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new KeyFileException(path, $"implausible creation time {created}.");
        }

        return new KeyFileHeader(
            version,
            kind,
            BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            KeyId.FromBytes(bytes.Slice(32, KeyId.Size)),
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            length);
    }

    /// <summary>The metadata as stored in the payload (JSON; NaN allowed: a figure not measured).</summary>
    internal static byte[] SerializeMetadata(KeyMetadata metadata) => JsonSerializer.SerializeToUtf8Bytes(metadata, Json);

    /// <summary>
    /// Reads stored metadata. A field added since a key was written is missing from its JSON and
    /// takes the record's default (e.g. NaN for a quality figure not measured then).
    /// </summary>
    internal static KeyMetadata? DeserializeMetadata(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<KeyMetadata>(json, Json);

    private static byte[] BuildPayload(CipherKey key)
    {
        var metadata = SerializeMetadata(key.Metadata);
        var g = WeightCodec.Serialize(key.Encryptor);
        var f = WeightCodec.Serialize(key.Decryptor);
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(PayloadMagic);
            writer.Write(metadata.Length);
            writer.Write(metadata);
            writer.Write(key.SealKey);
            writer.Write((long)g.Length);
            writer.Write(g);
            writer.Write((long)f.Length);
            writer.Write(f);
        }

        return memory.ToArray();
    }

    private static CipherKey ParsePayload(byte[] payload, KeyFileHeader header, torch.Device device, string? path)
    {
        // Authenticated by GCM, so malformed content here means a writer bug, not an attacker; still checked.
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload, writable: false));
            if (!reader.ReadBytes(PayloadMagic.Length).AsSpan().SequenceEqual(PayloadMagic))
            {
                throw new KeyFileException(path, "the payload is not a key payload.");
            }

            var metadata = DeserializeMetadata(reader.ReadBytes(reader.ReadInt32()))
                ?? throw new KeyFileException(path, "the metadata is empty.");
            if (!metadata.KeyId.Equals(header.KeyId))
            {
                throw new KeyFileException(path, "the key id in the payload differs from the header's.");
            }

            var sealKey = reader.ReadBytes(32);
            var g = reader.ReadBytes(checked((int)reader.ReadInt64()));
            var f = reader.ReadBytes(checked((int)reader.ReadInt64()));
            if (WeightCodec.Fingerprint(g) != metadata.EncryptorFingerprint || WeightCodec.Fingerprint(f) != metadata.DecryptorFingerprint)
            {
                throw new KeyFileException(path, "a weight set does not match its SHA-256 fingerprint.");
            }

            metadata.Architecture.Validate();
            var encryptor = new CipherNetwork("G", metadata.Architecture);
            var decryptor = new CipherNetwork("F", metadata.Architecture);
            try
            {
                WeightCodec.Deserialize(encryptor, g);
                WeightCodec.Deserialize(decryptor, f);
                encryptor.to(device);
                decryptor.to(device);
                return new CipherKey(metadata, encryptor, decryptor, sealKey, device, header.Version);
            }
            catch
            {
                encryptor.Dispose();
                decryptor.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new KeyFileException(path, $"the payload is malformed ({ex.Message}).", ex);
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// Envelope encryption with a key's 256-bit seal key: every object gets a fresh random data key,
/// which encrypts the payload (AES-256-GCM, random nonce) and is itself wrapped by the seal key
/// (AES-256-GCM, random nonce). No GCM key therefore comes near its nonce limit however many
/// objects are sealed.
/// </summary>
/// <remarks>
/// Layout (docs/cipher.md): "DCGS" | version 1 | key id (16) | wrap nonce (12) | wrapped data key (32)
/// | wrap tag (16) | payload nonce (12) | payload tag (16) | ciphertext. Both GCM operations take
/// as associated data the envelope header (magic, version, key id) followed by the caller's
/// associated data (e.g. SOP Instance UID and pixel-module attributes).
/// </remarks>
internal static class EnvelopeSealer
{
    public const int HeaderSize = 4 + 1 + KeyId.Size;
    public const int Overhead = HeaderSize + 12 + 32 + 16 + 12 + 16;
    private const byte Version = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DCGS");

    public static byte[] Seal(ReadOnlySpan<byte> sealKey, KeyId keyId, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        span[4] = Version;
        keyId.Bytes.CopyTo(span[5..]);
        var aad = BuildAad(span[..HeaderSize], associatedData);
        var wrapNonce = span.Slice(HeaderSize, 12);
        var wrapped = span.Slice(HeaderSize + 12, 32);
        var wrapTag = span.Slice(HeaderSize + 44, 16);
        var payloadNonce = span.Slice(HeaderSize + 60, 12);
        var payloadTag = span.Slice(HeaderSize + 72, 16);
        var ciphertext = span[Overhead..];
        Span<byte> dataKey = stackalloc byte[32];
        try
        {
            RandomNumberGenerator.Fill(dataKey);
            RandomNumberGenerator.Fill(wrapNonce);
            RandomNumberGenerator.Fill(payloadNonce);
            using (var wrap = new AesGcm(sealKey, 16))
            {
                wrap.Encrypt(wrapNonce, dataKey, wrapped, wrapTag, aad);
            }

            using var payload = new AesGcm(dataKey, 16);
            payload.Encrypt(payloadNonce, plaintext, ciphertext, payloadTag, aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return output;
    }

    /// <summary>The key id an envelope names, without opening it.</summary>
    public static KeyId ReadKeyId(ReadOnlySpan<byte> envelope)
    {
        CheckHeader(envelope);
        return KeyId.FromBytes(envelope.Slice(5, KeyId.Size));
    }

    public static byte[] Open(ReadOnlySpan<byte> sealKey, KeyId keyId, ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData)
    {
        var named = ReadKeyId(envelope);
        if (!named.Equals(keyId))
        {
            throw new SealedEnvelopeException($"The envelope was sealed with key {named}, not {keyId}.");
        }

        var aad = BuildAad(envelope[..HeaderSize], associatedData);
        var plaintext = new byte[envelope.Length - Overhead];
        Span<byte> dataKey = stackalloc byte[32];
        try
        {
            using (var wrap = new AesGcm(sealKey, 16))
            {
                wrap.Decrypt(envelope.Slice(HeaderSize, 12), envelope.Slice(HeaderSize + 12, 32), envelope.Slice(HeaderSize + 44, 16), dataKey, aad);
            }

            using var payload = new AesGcm(dataKey, 16);
            payload.Decrypt(envelope.Slice(HeaderSize + 60, 12), envelope[Overhead..], envelope.Slice(HeaderSize + 72, 16), plaintext, aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new SealedEnvelopeException(
                "The envelope failed authentication: it was altered, or its associated data (SOP Instance UID, pixel attributes) differs.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static void CheckHeader(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Overhead)
        {
            throw new SealedEnvelopeException($"The envelope is truncated ({envelope.Length} bytes, at least {Overhead} expected).");
        }

        if (!envelope[..4].SequenceEqual(Magic))
        {
            throw new SealedEnvelopeException("Not a sealed envelope (bad magic).");
        }

        if (envelope[4] != Version)
        {
            throw new SealedEnvelopeException($"Unsupported envelope version {envelope[4]}.");
        }
    }

    private static byte[] BuildAad(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        var aad = new byte[header.Length + associatedData.Length];
        header.CopyTo(aad);
        associatedData.CopyTo(aad.AsSpan(header.Length));
        return aad;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Spool;

/// <summary>Opens a sealed spool file (<see cref="SealedSpoolFormat"/>) into memory: the Part 10 image of the received object.</summary>
internal static class SealedSpoolReader
{
    /// <exception cref="SealedEnvelopeException">The file is damaged, truncated, or not the object it claims to be.</exception>
    public static async Task<byte[]> OpenAsync(string path, string sopInstanceUid, Func<KeyId, CipherKey> resolveKey, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var span = bytes.AsSpan();
        if (span.Length < 17 || !span[..8].SequenceEqual(SealedSpoolFormat.Magic) || span[8] != SealedSpoolFormat.Version)
        {
            throw new SealedEnvelopeException($"'{path}' is not a sealed spool file.");
        }

        var wrappedLength = BinaryPrimitives.ReadInt32BigEndian(span[13..]);
        if (wrappedLength <= 0 || 17 + wrappedLength > span.Length)
        {
            throw new SealedEnvelopeException($"'{path}' is truncated.");
        }

        var wrapped = span.Slice(17, wrappedLength);
        var key = resolveKey(CipherKey.EnvelopeKeyId(wrapped));
        var dataKey = key.Open(wrapped, SealedSpoolFormat.KeyAssociatedData(sopInstanceUid));
        try
        {
            using var aes = new AesGcm(dataKey, SealedSpoolFormat.TagSize);
            using var output = new MemoryStream(Math.Max(0, span.Length - 17 - wrappedLength));
            var position = 17 + wrappedLength;
            long index = 0;
            Span<byte> nonce = stackalloc byte[12];
            Span<byte> aad = stackalloc byte[9];
            while (true)
            {
                if (position + 4 > bytes.Length)
                {
                    throw new SealedEnvelopeException($"'{path}' is truncated (no final chunk).");
                }

                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
                var end = position + 4 + length + SealedSpoolFormat.TagSize;
                if (length < 0 || end > bytes.Length)
                {
                    throw new SealedEnvelopeException($"'{path}' is truncated.");
                }

                var final = end == bytes.Length;
                var plain = new byte[length];
                SealedSpoolFormat.Nonce(index, nonce);
                SealedSpoolFormat.ChunkAssociatedData(index, final, aad);
                try
                {
                    aes.Decrypt(nonce, bytes.AsSpan(position + 4, length), bytes.AsSpan(position + 4 + length, SealedSpoolFormat.TagSize), plain, aad);
                }
                catch (AuthenticationTagMismatchException e)
                {
                    throw new SealedEnvelopeException($"'{path}' failed authentication at chunk {index} (damaged or truncated).", e);
                }

                output.Write(plain);
                position = end;
                index++;
                if (final)
                {
                    return output.ToArray();
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}

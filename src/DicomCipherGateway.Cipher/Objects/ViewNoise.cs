using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// The keyed pseudorandom view: HKDF-SHA256 of the key's noise key (itself HKDF of the seal key
/// under its own label; the seal key for version 1 key files) (salt "DCG view noise v1",
/// info the SOP Instance UID) gives an AES-256 key whose CTR keystream (counter from 0) fills the
/// view's pixel bytes. Deterministic per key and object; says nothing about the image.
/// </summary>
internal static class ViewNoise
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("DCG view noise v1");

    public static void Fill(ReadOnlySpan<byte> noiseKey, string sopInstanceUid, Span<byte> destination)
    {
        Span<byte> key = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, noiseKey, key, Salt, Encoding.ASCII.GetBytes(sopInstanceUid));
            using var aes = Aes.Create();
            aes.Key = key.ToArray();
            const int chunkBlocks = 4096;
            var counters = new byte[chunkBlocks * 16];
            var stream = new byte[counters.Length];
            ulong counter = 0;
            var offset = 0;
            while (offset < destination.Length)
            {
                for (var i = 0; i < chunkBlocks; i++)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), counter++);
                }

                aes.EncryptEcb(counters, stream, PaddingMode.None);
                var n = Math.Min(stream.Length, destination.Length - offset);
                stream.AsSpan(0, n).CopyTo(destination[offset..]);
                offset += n;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

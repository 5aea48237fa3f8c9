using System.Buffers.Binary;
using System.Text;

namespace DicomCipherGateway.Spool;

/// <summary>
/// The layout of a sealed spool file, so that a received object is encrypted as it streams in
/// and never needs to be whole in memory or on disk in the clear:
/// <code>
/// "DCGSPOOL" | version 1 | chunk size (u32 BE) | wrapped data key length (u32 BE) | wrapped data key
/// then chunks: plaintext length (u32 BE) | AES-256-GCM ciphertext | tag (16)
/// </code>
/// The data key is random per object and wrapped by the active key's seal key (the keyring's
/// envelope, which names the key id), with the SOP Instance UID as associated data. Chunk i is
/// encrypted under the data key with nonce = 0x00000000 | i (u64 BE) and associated data
/// i (u64 BE) | final flag, so chunks cannot be reordered, dropped or the file truncated.
/// </summary>
internal static class SealedSpoolFormat
{
    public const byte Version = 1;
    public const int TagSize = 16;
    public static ReadOnlySpan<byte> Magic => "DCGSPOOL"u8;

    public static byte[] KeyAssociatedData(string sopInstanceUid) => Encoding.ASCII.GetBytes("dcg-spool-v1|" + sopInstanceUid);

    public static void Nonce(long index, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
    }

    public static void ChunkAssociatedData(long index, bool final, Span<byte> aad)
    {
        BinaryPrimitives.WriteInt64BigEndian(aad, index);
        aad[8] = final ? (byte)1 : (byte)0;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>SHA-256 over the training images (shape and pixels, in order): identifies the data set without revealing it.</summary>
internal static class DatasetFingerprint
{
    public static string Compute(IReadOnlyList<FloatImage> images)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        foreach (var image in images)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header, image.Width);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], image.Height);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], image.Channels);
            hash.AppendData(header);
            hash.AppendData(MemoryMarshal.AsBytes(image.Pixels.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

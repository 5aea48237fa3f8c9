using System.Security.Cryptography;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>A network's state dict as bytes (TorchSharp's format) and its SHA-256 fingerprint.</summary>
internal static class WeightCodec
{
    public static byte[] Serialize(torch.nn.Module module)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        return memory.ToArray();
    }

    public static void Deserialize(torch.nn.Module module, byte[] weights)
    {
        using var reader = new BinaryReader(new MemoryStream(weights));
        module.load(reader, strict: true);
    }

    public static string Fingerprint(byte[] weights) => Convert.ToHexStringLower(SHA256.HashData(weights));
}

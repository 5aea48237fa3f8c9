namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Spool: where sealed and ciphertext objects and the queue database live.</summary>
public sealed class SpoolOptions
{
    public string Path { get; set; } = "/var/lib/dicom-cipher-gateway/spool";

    /// <summary>Below this many free bytes on the spool's file system, new C-STOREs are refused with 0xA700.</summary>
    public long MinFreeBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Size of one AES-GCM chunk of a sealed object (memory per receiving association).</summary>
    public int SealChunkBytes { get; set; } = 1024 * 1024;
}

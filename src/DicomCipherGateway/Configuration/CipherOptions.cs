namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Cipher: the keyring, the active key and how G runs.</summary>
public sealed class CipherOptions
{
    /// <summary>Keyring directory (*.dcgkey files).</summary>
    public string Keyring { get; set; } = "/etc/dicom-cipher-gateway/keys";

    /// <summary>Key id (32 hex digits) that encrypts; null when the keyring holds exactly one key.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>The key-encryption key file (64 hex digits) that opens the key files.</summary>
    public string KekFile { get; set; } = "/etc/dicom-cipher-gateway/kek";

    /// <summary>dlednet-sealed (default, bit-exact) or dlednet (the paper, lossy).</summary>
    public string Profile { get; set; } = "dlednet-sealed";

    /// <summary>g (default) or noise: what Pixel Data shows in the PACS.</summary>
    public string View { get; set; } = "g";

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Encryption workers (each runs G on one object at a time).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>libtorch intra-op threads; 0 = one less than the cores, at least 1.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Frames of one size that go through G in one forward pass, gathered across queued objects.
    /// 1 by default: on a CPU a batch of 512×512 frames costs more per frame than one at a time
    /// (activation memory; docs/benchmarks.md, "Gateway"); raise it for a GPU or small frames.
    /// </summary>
    public int BatchSize { get; set; } = 1;
}

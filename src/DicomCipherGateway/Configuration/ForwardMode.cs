namespace DicomCipherGateway.Configuration;

/// <summary>When a modality's C-STORE is answered.</summary>
public enum ForwardMode
{
    /// <summary>Once the sealed object and its queue record are durable.</summary>
    Async,

    /// <summary>Once the PACS accepted the ciphertext object.</summary>
    Sync,
}

namespace DicomCipherGateway.Configuration;

/// <summary>What a peer may do with the gateway.</summary>
public enum PeerRole
{
    /// <summary>May C-STORE (its objects are encrypted and forwarded).</summary>
    Modality,

    /// <summary>May query and retrieve (part 2); may not store.</summary>
    Workstation,

    /// <summary>The PACS the gateway forwards ciphertext to; exactly one.</summary>
    Pacs,
}

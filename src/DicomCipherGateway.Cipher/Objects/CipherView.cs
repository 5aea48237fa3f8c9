namespace DicomCipherGateway.Cipher.Objects;

/// <summary>What the ciphertext object's Pixel Data (the image the PACS shows) holds.</summary>
public enum CipherView
{
    /// <summary>G(x), quantised: what ROI mining works on; exactly as confidential as DLEDNet (docs/ciphertext-object.md).</summary>
    G = 0,

    /// <summary>A keyed pseudorandom image (HKDF + AES-CTR from the seal key and the SOP Instance UID); confidentiality rests on AES-256-GCM alone. Sealed profile only.</summary>
    Noise = 1,
}

namespace DicomCipherGateway.Cipher.Engine;

/// <summary>How a DICOM object's pixels are protected (see docs/architecture.md).</summary>
public enum CipherProfile
{
    /// <summary>The default: Pixel Data := G(x) and the original pixels sealed with AES-256-GCM; bit-exact.</summary>
    DlednetSealed = 0,

    /// <summary>The paper as written: Pixel Data := quantised G(x); decryption is F(ciphertext), lossy.</summary>
    DlednetPaper = 1,
}

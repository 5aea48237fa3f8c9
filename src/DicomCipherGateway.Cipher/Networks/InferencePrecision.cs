namespace DicomCipherGateway.Cipher.Networks;

/// <summary>Arithmetic of the inference fast path.</summary>
public enum InferencePrecision
{
    /// <summary>32-bit floats: the reference.</summary>
    Float32 = 0,

    /// <summary>
    /// bfloat16 weights and activations (AVX512_BF16 on recent CPUs): about 1.9× faster; a trained key's
    /// decryptions through bf16 G and F are ~61 dB from the fp32 ones (docs/benchmarks.md).
    /// </summary>
    BFloat16 = 1,
}

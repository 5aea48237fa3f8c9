using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>How DICOM objects are encrypted.</summary>
/// <param name="Profile">dlednet-sealed (default, bit-exact) or dlednet (the paper, lossy).</param>
/// <param name="View">G(x) (default) or keyed noise (sealed profile only).</param>
/// <param name="Inference">Batching, tiling and precision of G (and of F when decrypting the paper profile).</param>
public sealed record ObjectEncryptionOptions(
    CipherProfile Profile = CipherProfile.DlednetSealed,
    CipherView View = CipherView.G,
    InferenceOptions? Inference = null)
{
    /// <summary>Sealed profile, G(x) view, default inference.</summary>
    public static ObjectEncryptionOptions Default { get; } = new();

    /// <summary>The inference options, defaulted.</summary>
    public InferenceOptions InferenceOrDefault => Inference ?? InferenceOptions.Default;

    /// <summary>Parses a profile name as written on command lines and in configuration: dlednet-sealed or dlednet.</summary>
    public static CipherProfile ParseProfile(string text) => text.Trim().ToLowerInvariant() switch
    {
        "dlednet-sealed" or "sealed" => CipherProfile.DlednetSealed,
        "dlednet" or "paper" => CipherProfile.DlednetPaper,
        _ => throw new FormatException($"Unknown cipher profile '{text}': use dlednet-sealed or dlednet."),
    };

    /// <summary>Parses a view name: g or noise.</summary>
    public static CipherView ParseView(string text) => text.Trim().ToLowerInvariant() switch
    {
        "g" => CipherView.G,
        "noise" => CipherView.Noise,
        _ => throw new FormatException($"Unknown view '{text}': use g or noise."),
    };
}

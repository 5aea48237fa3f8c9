using DicomCipherGateway.Cipher.Networks;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>How frames go through G or F.</summary>
/// <param name="BatchSize">Frames of one size run together.</param>
/// <param name="TileSize">Images larger than this (either side) run in tiles of this size plus the halo; a multiple of 4.</param>
/// <param name="Precision">fp32 (default) or bf16 on the fast path.</param>
/// <param name="FastPath">Batch norm folded into the convolutions, channels-last; false runs the training module as written (reference).</param>
public sealed record InferenceOptions(int BatchSize = 4, int TileSize = 512, InferencePrecision Precision = InferencePrecision.Float32, bool FastPath = true)
{
    /// <summary>Batches of 4, 512-pixel tiles, fp32 on the fast path.</summary>
    public static InferenceOptions Default { get; } = new();
}

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>How frames go through G or F: frames per batch and the tile side for large images.</summary>
/// <param name="BatchSize">Frames of one size run together.</param>
/// <param name="TileSize">Images larger than this (either side) run in tiles of this size plus the halo; a multiple of 4.</param>
public sealed record InferenceOptions(int BatchSize = 4, int TileSize = 512)
{
    /// <summary>Batches of 4, 512-pixel tiles.</summary>
    public static InferenceOptions Default { get; } = new();
}

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>The shape of a DLEDNet key's networks G and F (Table I; Table V varies the residual blocks).</summary>
/// <param name="Channels">Image channels: 1 (grey) or 3 (RGB).</param>
/// <param name="ResidualBlocks">Residual blocks of two 3×3 128→128 convolutions; the paper uses 9.</param>
public sealed record DlednetArchitecture(int Channels = 1, int ResidualBlocks = 9)
{
    /// <summary>The paper's architecture for grey images.</summary>
    public static DlednetArchitecture Paper { get; } = new(1, 9);

    /// <summary>Product of the strides of the down-sampling convolutions: tile origins and padded sizes are multiples of it.</summary>
    public const int StrideProduct = 4;

    /// <summary>Throws when the shape is not one the engine supports.</summary>
    public void Validate()
    {
        if (Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "DLEDNet supports 1 or 3 image channels.");
        }

        if (ResidualBlocks is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ResidualBlocks), ResidualBlocks, "Residual blocks must be between 1 and 64.");
        }
    }

    /// <summary>
    /// How far, in input pixels, an output pixel can see: 3 (7×7) + 1 + 2 (strided 3×3) + 8 per residual
    /// block (two 3×3 at stride 4) + 4 + 2 (up-convolutions) + 3 (7×7).
    /// </summary>
    public int ReceptiveRadius => 3 + 1 + 2 + (8 * ResidualBlocks) + 4 + 2 + 3;

    /// <summary>The halo a tile needs on each inner side so its interior equals the whole-image pass: the receptive radius rounded up to the stride product.</summary>
    public int TileHalo => (ReceptiveRadius + StrideProduct - 1) / StrideProduct * StrideProduct;
}

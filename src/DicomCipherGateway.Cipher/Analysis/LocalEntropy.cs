namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Wu et al.'s (2013) local Shannon entropy: the mean entropy of k = 30 non-overlapping 44 × 44
/// blocks (1,936 pixels) chosen at random. At most 25 such blocks fit in 256 × 256 (a row of
/// the image crosses at most five), so below 30 grid cells the blocks are placed at random and
/// may overlap: their entropies are then slightly correlated and the interval, which assumes
/// independent blocks, is a little too narrow for them (the report says so).
/// </summary>
public static class LocalEntropy
{
    public static double Of(GrayImage image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        const int side = LocalEntropyDistribution.BlockSide;
        var across = image.Width / side;
        var down = image.Height / side;
        if (image.Width < side || image.Height < side)
        {
            throw new ArgumentException($"A {image.Width}×{image.Height} image is smaller than a {side}×{side} block.", nameof(image));
        }

        var origins = new List<(int X, int Y)>();
        if (HasDisjointBlocks(image))
        {
            var cells = Enumerable.Range(0, across * down).ToArray();
            random.Shuffle(cells);
            origins.AddRange(cells.Take(LocalEntropyDistribution.Blocks).Select(c => (c % across * side, c / across * side)));
        }
        else
        {
            for (var i = 0; i < LocalEntropyDistribution.Blocks; i++)
            {
                origins.Add((random.Next(image.Width - side + 1), random.Next(image.Height - side + 1)));
            }
        }

        var block = new byte[side * side];
        double sum = 0;
        foreach (var (x0, y0) in origins)
        {
            for (var y = 0; y < side; y++)
            {
                image.Pixels.AsSpan(((y0 + y) * image.Width) + x0, side).CopyTo(block.AsSpan(y * side));
            }

            sum += GlobalEntropy.Of(block);
        }

        return sum / LocalEntropyDistribution.Blocks;
    }

    /// <summary>True when 30 non-overlapping blocks fit on the image's 44-pixel grid.</summary>
    public static bool HasDisjointBlocks(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Width / LocalEntropyDistribution.BlockSide * (image.Height / LocalEntropyDistribution.BlockSide) >= LocalEntropyDistribution.Blocks;
    }
}

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>Which neighbour a pixel is paired with.</summary>
public enum Adjacency
{
    Horizontal,
    Vertical,
    Diagonal,
}

/// <summary>
/// The Pearson correlation of every pixel with its right, lower or lower-right neighbour. For an
/// image with no correlation, |r| &lt; 1.96/√N (N pairs) 95 % of the time.
/// </summary>
public static class AdjacentCorrelation
{
    public static double Of(GrayImage image, Adjacency direction)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (dx, dy) = Offset(direction);
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long n = 0;
        for (var y = 0; y + dy < image.Height; y++)
        {
            for (var x = 0; x + dx < image.Width; x++)
            {
                double a = image.Pixels[(y * image.Width) + x];
                double b = image.Pixels[((y + dy) * image.Width) + x + dx];
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
                n++;
            }
        }

        var cov = (sab / n) - (sa / n * (sb / n));
        var va = (saa / n) - (sa / n * (sa / n));
        var vb = (sbb / n) - (sb / n * (sb / n));
        return va <= 0 || vb <= 0 ? 0 : cov / Math.Sqrt(va * vb);
    }

    /// <summary>The number of pairs the statistic uses.</summary>
    public static long Pairs(GrayImage image, Adjacency direction)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (dx, dy) = Offset(direction);
        return (long)(image.Width - dx) * (image.Height - dy);
    }

    /// <summary>The 95 % bound on |r| for <paramref name="pairs"/> pairs of an uncorrelated image.</summary>
    public static double Bound(long pairs) => 1.96 / Math.Sqrt(pairs);

    /// <summary><paramref name="count"/> random pairs (a, b) for a scatter plot.</summary>
    public static (double[] A, double[] B) Sample(GrayImage image, Adjacency direction, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        var (dx, dy) = Offset(direction);
        var a = new double[count];
        var b = new double[count];
        for (var i = 0; i < count; i++)
        {
            var x = random.Next(image.Width - dx);
            var y = random.Next(image.Height - dy);
            a[i] = image.Pixels[(y * image.Width) + x];
            b[i] = image.Pixels[((y + dy) * image.Width) + x + dx];
        }

        return (a, b);
    }

    private static (int Dx, int Dy) Offset(Adjacency direction) => direction switch
    {
        Adjacency.Horizontal => (1, 0),
        Adjacency.Vertical => (0, 1),
        Adjacency.Diagonal => (1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };
}

namespace DicomCipherGateway.Cipher.Metrics;

/// <summary>
/// Image quality and cipher statistics as plain functions over pixel spans (row-major), shared by
/// key generation, the tests and the security reports.
/// </summary>
public static class ImageMetrics
{
    /// <summary>Peak signal-to-noise ratio in dB; +∞ for identical images.</summary>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, double peak = 1.0)
    {
        RequireSameLength(reference.Length, test.Length);
        double sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            double d = reference[i] - test[i];
            sum += d * d;
        }

        return PsnrFromMse(sum / reference.Length, peak);
    }

    /// <summary>Peak signal-to-noise ratio in dB for integer pixels (peak e.g. 255 or 4095).</summary>
    public static double Psnr(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> test, double peak)
    {
        RequireSameLength(reference.Length, test.Length);
        double sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            double d = reference[i] - test[i];
            sum += d * d;
        }

        return PsnrFromMse(sum / reference.Length, peak);
    }

    /// <summary>Pearson correlation coefficient; 0 when either image is constant.</summary>
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        RequireSameLength(a.Length, b.Length);
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = a[i] - meanA;
            var db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }

        return varA <= 0 || varB <= 0 ? 0 : cov / Math.Sqrt(varA * varB);
    }

    /// <summary>Pearson correlation of integer pixels.</summary>
    public static double Pearson(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b) => Pearson(ToFloat(a), ToFloat(b));

    /// <summary>
    /// Mean structural similarity (Wang et al. 2004): 11×11 Gaussian window, σ = 1.5,
    /// K1 = 0.01, K2 = 0.03, over the valid region.
    /// </summary>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height, double dynamicRange = 1.0)
    {
        RequireSameLength(a.Length, b.Length);
        RequireShape(a.Length, width, height);
        const int radius = 5;
        if (width <= 2 * radius || height <= 2 * radius)
        {
            throw new ArgumentException($"SSIM needs images larger than {(2 * radius) + 1} pixels on each side.");
        }

        var kernel = GaussianKernel(1.5, radius);
        var n = a.Length;
        var ab = new float[n];
        var aa = new float[n];
        var bb = new float[n];
        for (var i = 0; i < n; i++)
        {
            ab[i] = a[i] * b[i];
            aa[i] = a[i] * a[i];
            bb[i] = b[i] * b[i];
        }

        var muA = FilterValid(a, width, height, kernel);
        var muB = FilterValid(b, width, height, kernel);
        var sAB = FilterValid(ab, width, height, kernel);
        var sAA = FilterValid(aa, width, height, kernel);
        var sBB = FilterValid(bb, width, height, kernel);
        var c1 = Math.Pow(0.01 * dynamicRange, 2);
        var c2 = Math.Pow(0.03 * dynamicRange, 2);
        double total = 0;
        for (var i = 0; i < muA.Length; i++)
        {
            double ma = muA[i], mb = muB[i];
            var varA = sAA[i] - (ma * ma);
            var varB = sBB[i] - (mb * mb);
            var cov = sAB[i] - (ma * mb);
            total += ((2 * ma * mb) + c1) * ((2 * cov) + c2) / (((ma * ma) + (mb * mb) + c1) * (varA + varB + c2));
        }

        return total / muA.Length;
    }

    /// <summary>Shannon entropy in bits per pixel over the histogram of <paramref name="bits"/>-bit values (ideal: <paramref name="bits"/>).</summary>
    public static double Entropy(ReadOnlySpan<ushort> pixels, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 16);
        var histogram = new long[1 << bits];
        var max = (1 << bits) - 1;
        foreach (var p in pixels)
        {
            if (p > max)
            {
                throw new ArgumentException($"Pixel value {p} exceeds {bits} bits.", nameof(pixels));
            }

            histogram[p]++;
        }

        double entropy = 0;
        foreach (var count in histogram)
        {
            if (count > 0)
            {
                var p = (double)count / pixels.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Number of pixels change rate: the fraction (0..1) of positions where the two images differ.</summary>
    public static double Npcr(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        RequireSameLength(a.Length, b.Length);
        long changed = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                changed++;
            }
        }

        return (double)changed / a.Length;
    }

    /// <summary>A Gaussian blur (σ in pixels, borders clamped): to measure what survives at low frequencies.</summary>
    public static float[] GaussianBlur(ReadOnlySpan<float> image, int width, int height, double sigma)
    {
        RequireShape(image.Length, width, height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = GaussianKernel(sigma, radius);
        var temp = new float[image.Length];
        var result = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    s += kernel[k + radius] * image[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                temp[(y * width) + x] = (float)s;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    s += kernel[k + radius] * temp[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                result[(y * width) + x] = (float)s;
            }
        }

        return result;
    }

    /// <summary>
    /// |Pearson| between the view's local texture energy (its detail above a σ = 1.5 blur, squared,
    /// averaged under a σ = 4 blur) and the original after the same σ = 4 blur. A learned view can
    /// be uncorrelated with x pixel by pixel, after blurring and in its edges, and still show the
    /// anatomy as a change of texture (the G(x) views of issue 15: ribs and outline plainly visible);
    /// this measure sees that. Near 0.1 for a view independent of x at 256², higher when the
    /// texture follows the anatomy.
    /// </summary>
    public static double TextureCorrelation(ReadOnlySpan<float> view, ReadOnlySpan<float> original, int width, int height)
    {
        RequireShape(original.Length, width, height);
        return Math.Abs(Pearson(TextureEnergy(view, width, height), GaussianBlur(original, width, height, 4)));
    }

    /// <summary>
    /// The local texture energy that <see cref="TextureCorrelation"/> correlates: the image's detail
    /// above a σ = 1.5 blur, squared, averaged under a σ = 4 blur. Drawn as a picture it shows the
    /// anatomy a G(x) view hides in its texture.
    /// </summary>
    public static float[] TextureEnergy(ReadOnlySpan<float> view, int width, int height)
    {
        RequireShape(view.Length, width, height);
        var smooth = GaussianBlur(view, width, height, 1.5);
        var energy = new float[view.Length];
        for (var i = 0; i < energy.Length; i++)
        {
            var detail = view[i] - smooth[i];
            energy[i] = detail * detail;
        }

        return GaussianBlur(energy, width, height, 4);
    }

    /// <summary>
    /// Sobel gradient magnitude (borders clamped): edges — ribs, the body outline — that a viewer's
    /// eye finds in an image whose pixels are otherwise uncorrelated with the original.
    /// </summary>
    public static float[] GradientMagnitude(ReadOnlySpan<float> image, int width, int height)
    {
        RequireShape(image.Length, width, height);
        var result = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            var up = Math.Max(y - 1, 0) * width;
            var row = y * width;
            var down = Math.Min(y + 1, height - 1) * width;
            for (var x = 0; x < width; x++)
            {
                var left = Math.Max(x - 1, 0);
                var right = Math.Min(x + 1, width - 1);
                var gx = (image[up + right] + (2 * image[row + right]) + image[down + right])
                    - (image[up + left] + (2 * image[row + left]) + image[down + left]);
                var gy = (image[down + left] + (2 * image[down + x]) + image[down + right])
                    - (image[up + left] + (2 * image[up + x]) + image[up + right]);
                result[row + x] = MathF.Sqrt((gx * gx) + (gy * gy));
            }
        }

        return result;
    }

    private static double[] GaussianKernel(double sigma, int radius)
    {
        var kernel = new double[(2 * radius) + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>Separable filter keeping only positions where the window fits inside the image.</summary>
    private static double[] FilterValid(ReadOnlySpan<float> image, int width, int height, double[] kernel)
    {
        var radius = kernel.Length / 2;
        var outW = width - (2 * radius);
        var outH = height - (2 * radius);
        var temp = new double[height * outW];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                double s = 0;
                for (var k = 0; k < kernel.Length; k++)
                {
                    s += kernel[k] * image[(y * width) + x + k];
                }

                temp[(y * outW) + x] = s;
            }
        }

        var result = new double[outH * outW];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                double s = 0;
                for (var k = 0; k < kernel.Length; k++)
                {
                    s += kernel[k] * temp[((y + k) * outW) + x];
                }

                result[(y * outW) + x] = s;
            }
        }

        return result;
    }

    private static double PsnrFromMse(double mse, double peak) =>
        mse <= 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);

    private static float[] ToFloat(ReadOnlySpan<ushort> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static void RequireSameLength(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"The two images differ in size ({a} vs {b} pixels).");
        }

        if (a == 0)
        {
            throw new ArgumentException("The images are empty.");
        }
    }

    private static void RequireShape(int length, int width, int height)
    {
        if ((long)width * height != length)
        {
            throw new ArgumentException($"{length} pixels do not make a {width}×{height} image.");
        }
    }
}

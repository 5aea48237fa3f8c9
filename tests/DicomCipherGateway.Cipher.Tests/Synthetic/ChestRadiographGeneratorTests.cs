using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Cipher.Tests.Synthetic;

public sealed class ChestRadiographGeneratorTests
{
    private const int Size = 256;
    private static readonly int[] Seeds = Enumerable.Range(0, 12).ToArray();
    private readonly ChestRadiographGenerator _generator = new();

    [Fact]
    public void The_same_seed_gives_the_same_image_and_masks()
    {
        var a = _generator.Generate(42, Size, Size);
        var b = _generator.Generate(42, Size, Size);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.LeftLungMask, b.LeftLungMask);
        Assert.Equal(a.RightLungMask, b.RightLungMask);
        Assert.Equal(42, a.Seed);
    }

    [Fact]
    public void Different_seeds_give_different_anatomy_and_noise()
    {
        var a = _generator.Generate(1, Size, Size);
        var b = _generator.Generate(2, Size, Size);
        var differing = a.Pixels.Zip(b.Pixels).Count(p => p.First != p.Second);
        Assert.True(differing > a.Pixels.Length / 2, $"only {differing} pixels differ");
        Assert.NotEqual(a.LeftLungMask, b.LeftLungMask);
        Assert.NotEqual(a.RightLungMask, b.RightLungMask);
        Assert.NotEqual(a.Anatomy.HeartX, b.Anatomy.HeartX);
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(64, 48)]
    [InlineData(300, 360)]
    public void Pixels_are_12_bit_and_span_most_of_the_range(int width, int height)
    {
        var image = _generator.Generate(7, width, height);
        Assert.Equal(width * height, image.Pixels.Length);
        Assert.True(image.Pixels.Max() <= 4095);
        Assert.True(image.Pixels.Min() < 500, $"darkest {image.Pixels.Min()}");
        Assert.True(image.Pixels.Max() > 2800, $"brightest {image.Pixels.Max()}");
        Assert.True(image.LeftLungMask.Sum(b => b) > 0 && image.RightLungMask.Sum(b => b) > 0);
    }

    [Fact]
    public void Masks_are_binary_disjoint_single_regions_with_the_patients_left_on_the_image_right()
    {
        foreach (var seed in Seeds)
        {
            var image = _generator.Generate(seed, Size, Size);
            Assert.All(image.LeftLungMask, b => Assert.True(b <= 1));
            Assert.All(image.RightLungMask, b => Assert.True(b <= 1));
            Assert.DoesNotContain(image.LeftLungMask.Zip(image.RightLungMask), p => p.First == 1 && p.Second == 1);

            var (leftX, _, leftArea) = Centroid(image.LeftLungMask, Size);
            var (rightX, _, rightArea) = Centroid(image.RightLungMask, Size);
            Assert.True(leftX > Size / 2.0 && rightX < Size / 2.0, $"seed {seed}: left lung at x {leftX}, right at {rightX}");
            Assert.InRange(leftArea / (double)(Size * Size), 0.03, 0.2);
            Assert.InRange(rightArea / (double)(Size * Size), 0.03, 0.2);
            Assert.True(leftArea < rightArea, $"seed {seed}: the heart should make the left lung the smaller ({leftArea} vs {rightArea})");
            Assert.Equal(1, Components(image.LeftLungMask, Size, Size));
            Assert.Equal(1, Components(image.RightLungMask, Size, Size));
        }
    }

    [Fact]
    public void Lung_fields_are_darker_than_the_mediastinum_and_than_the_tissue_around_them()
    {
        foreach (var seed in Seeds)
        {
            var image = _generator.Generate(seed, Size, Size);
            var lungs = Or(image.LeftLungMask, image.RightLungMask);
            var lungMean = Mean(image.Pixels, lungs);

            // The mediastinum: the central columns over the rows the lungs occupy.
            var (top, bottom) = Rows(lungs, Size);
            var mediastinum = new byte[lungs.Length];
            for (var y = top; y <= bottom; y++)
            {
                for (var x = (int)(Size * 0.47); x < (int)(Size * 0.53); x++)
                {
                    mediastinum[(y * Size) + x] = 1;
                }
            }

            var mediastinumMean = Mean(image.Pixels, mediastinum);
            Assert.True(lungMean < 0.75 * mediastinumMean, $"seed {seed}: lungs {lungMean:F0}, mediastinum {mediastinumMean:F0}");

            foreach (var mask in new[] { image.LeftLungMask, image.RightLungMask })
            {
                var ring = Ring(mask, Size, Size, 6);
                Assert.True(Mean(image.Pixels, mask) < Mean(image.Pixels, ring) - 200, $"seed {seed}: a lung is not darker than its surroundings");
            }
        }
    }

    [Fact]
    public void The_heart_lies_on_the_image_right_of_the_midline()
    {
        foreach (var seed in Seeds)
        {
            var image = _generator.Generate(seed, Size, Size);
            var a = image.Anatomy;
            var y0 = (int)(Size * (a.HeartY - 0.02));
            var y1 = (int)(Size * (a.HeartY + 0.04));

            // Equal strips either side of the midline at heart level: the heart side is brighter.
            var heartSide = Mean(image.Pixels, Box(Size, (int)(Size * 0.56), (int)(Size * 0.66), y0, y1));
            var otherSide = Mean(image.Pixels, Box(Size, (int)(Size * 0.34), (int)(Size * 0.44), y0, y1));
            Assert.True(heartSide > otherSide + 150, $"seed {seed}: heart side {heartSide:F0}, other side {otherSide:F0}");
        }
    }

    [Fact]
    public void Ribs_cross_the_lung_fields_as_bright_bands()
    {
        foreach (var seed in Seeds.Take(6))
        {
            var image = _generator.Generate(seed, 512, 512);
            foreach (var mask in new[] { image.LeftLungMask, image.RightLungMask })
            {
                // The column where the lung is tallest.
                var column = Enumerable.Range(0, 512).MaxBy(x => Enumerable.Range(0, 512).Count(y => mask[(y * 512) + x] == 1));
                var profile = Enumerable.Range(0, 512).Where(y => mask[(y * 512) + column] == 1)
                    .Select(y => (double)image.Pixels[(y * 512) + column]).ToArray();
                var smooth = Enumerable.Range(0, profile.Length)
                    .Select(i => profile.Skip(Math.Max(0, i - 3)).Take(7).Average()).ToArray();
                var peaks = 0;
                for (var i = 6; i < smooth.Length - 6; i++)
                {
                    if (smooth[i] == smooth.Skip(i - 6).Take(13).Max() && smooth[i] > smooth.Skip(i - 6).Take(13).Min() + 60)
                    {
                        peaks++;
                    }
                }

                Assert.True(peaks >= 4, $"seed {seed}: {peaks} rib crossings along x = {column}");
            }
        }
    }

    [Fact]
    public void The_body_outline_separates_tissue_from_the_dark_background()
    {
        foreach (var seed in Seeds)
        {
            var image = _generator.Generate(seed, Size, Size);
            var corner = Mean(image.Pixels, Box(Size, 0, Size / 16, 0, Size / 16));
            var lungs = Mean(image.Pixels, Or(image.LeftLungMask, image.RightLungMask));
            var abdomen = Mean(image.Pixels, Box(Size, (int)(Size * 0.3), (int)(Size * 0.45), (int)(Size * 0.9), Size - 1));
            Assert.True(corner < lungs && lungs < abdomen, $"seed {seed}: corner {corner:F0}, lungs {lungs:F0}, abdomen {abdomen:F0}");
        }
    }

    [Fact]
    public void The_pixels_become_a_12_bit_dicom_frame()
    {
        var image = _generator.Generate(3, 64, 80);
        var d = image.PixelDescription;
        Assert.Equal((80, 64, 16, 12, 11), (d.Rows, d.Columns, d.BitsAllocated, d.BitsStored, d.HighBit));
        Assert.Equal(PhotometricInterpretation.Monochrome2, d.PhotometricInterpretation);
        Assert.Equal(image.Pixels, FrameSamples.ToArray<ushort>(d, image.ToFrame()));
    }

    [Theory]
    [InlineData(16, 512)]
    [InlineData(512, 0)]
    [InlineData(9000, 512)]
    public void Sizes_out_of_range_are_refused(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _generator.Generate(1, width, height));
    }

    private static (double X, double Y, int Area) Centroid(byte[] mask, int width)
    {
        double sx = 0, sy = 0;
        var n = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 1)
            {
                sx += i % width;
                sy += i / width;
                n++;
            }
        }

        return (sx / n, sy / n, n);
    }

    private static (int Top, int Bottom) Rows(byte[] mask, int width)
    {
        var rows = Enumerable.Range(0, mask.Length).Where(i => mask[i] == 1).Select(i => i / width).ToArray();
        return (rows.Min(), rows.Max());
    }

    private static double Mean(ushort[] pixels, byte[] mask)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (mask[i] == 1)
            {
                sum += pixels[i];
                n++;
            }
        }

        return sum / n;
    }

    private static byte[] Or(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x | y)).ToArray();

    private static byte[] Box(int size, int x0, int x1, int y0, int y1)
    {
        var mask = new byte[size * size];
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                mask[(y * size) + x] = 1;
            }
        }

        return mask;
    }

    /// <summary>Pixels within <paramref name="radius"/> (Chebyshev) of the mask but outside it.</summary>
    private static byte[] Ring(byte[] mask, int width, int height, int radius)
    {
        var ring = new byte[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[(y * width) + x] == 1)
                {
                    continue;
                }

                for (var dy = -radius; dy <= radius && ring[(y * width) + x] == 0; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        var nx = x + dx;
                        var ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height && mask[(ny * width) + nx] == 1)
                        {
                            ring[(y * width) + x] = 1;
                            break;
                        }
                    }
                }
            }
        }

        return ring;
    }

    private static int Components(byte[] mask, int width, int height)
    {
        var seen = new bool[mask.Length];
        var count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || seen[start])
            {
                continue;
            }

            count++;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                int x = i % width, y = i / width;
                foreach (var n in new[] { x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1 })
                {
                    if (n >= 0 && mask[n] == 1 && !seen[n])
                    {
                        seen[n] = true;
                        stack.Push(n);
                    }
                }
            }
        }

        return count;
    }
}

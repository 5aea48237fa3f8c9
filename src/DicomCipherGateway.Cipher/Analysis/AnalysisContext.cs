using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>How much work each study does: the full run (the numbers) or <see cref="Quick"/>, clearly labelled as such.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The sizes: 100 images per statistic, 100 SP 800-22 sequences of 10⁶ bits, 100 differential pairs.</summary>
    public static AnalysisOptions Full { get; } = new();

    /// <summary>Enough to exercise every step in well under a minute; the numbers are then only indicative.</summary>
    public static AnalysisOptions Quick { get; } = new()
    {
        IsQuick = true,
        StatisticImages = 6,
        NistSequences = 6,
        NistBits = 32_768,
        DifferentialPairs = 4,
        FidelityImages = 3,
        AttackPairs = [1, 4, 16],
        AttackSteps = 6,
        AttackCrop = 32,
        HeldOut = 2,
        SegmentationImages = 6,
        SegmentationSteps = 6,
        SpeedSeconds = 0.1,
    };

    public bool IsQuick { get; init; }

    public AnalysedView View { get; init; } = AnalysedView.G;

    public int StatisticImages { get; init; } = 100;

    public int NistSequences { get; init; } = 100;

    public int NistBits { get; init; } = 1_000_000;

    public int DifferentialPairs { get; init; } = 100;

    public int FidelityImages { get; init; } = 10;

    public IReadOnlyList<int> AttackPairs { get; init; } = [1, 10, 100, 1000];

    public int AttackSteps { get; init; } = 400;

    public int AttackCrop { get; init; } = 64;

    public int HeldOut { get; init; } = 8;

    public int SegmentationImages { get; init; } = 64;

    public int SegmentationSteps { get; init; } = 300;

    public double SpeedSeconds { get; init; } = 3;

    /// <summary>The studies to run, by <see cref="SecurityAnalysis.SectionNames"/>; null: all of them.</summary>
    public IReadOnlySet<string>? Sections { get; init; }

    /// <summary>Seed of the analysis's own choices (blocks, pixels, crops): the report is reproducible; keys and AES keys stay random.</summary>
    public int Seed { get; init; } = 15;
}

/// <summary>What every study works with: the key, the plaintext images, the options, progress and the report.</summary>
public sealed class AnalysisContext
{
    private readonly Dictionary<int, FloatImage> synthetic = [];

    public AnalysisContext(CipherKey key, IReadOnlyList<FloatImage> images, AnalysisOptions options, AnalysisReport report, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("No images to analyse.", nameof(images));
        }

        Key = key;
        Options = options;
        Report = report;
        Progress = progress ?? new Progress<string>();
        Width = images[0].Width;
        Height = images[0].Height;
        Images = images.Where(i => i.Width == Width && i.Height == Height && i.Channels == 1).ToArray();
        Random = new Random(options.Seed);
        View = new ViewSource(key, options.View);
    }

    public CipherKey Key { get; }

    /// <summary>The given images of the first image's size (others are left out and counted in the report).</summary>
    public IReadOnlyList<FloatImage> Images { get; }

    public int Width { get; }

    public int Height { get; }

    public AnalysisOptions Options { get; }

    public AnalysisReport Report { get; }

    public IProgress<string> Progress { get; }

    public Random Random { get; }

    public ViewSource View { get; }

    /// <summary>
    /// Plaintext i: the given images first, then synthetic radiographs of the same size (seeds from
    /// 500,000) when a study needs more images than were given.
    /// </summary>
    public FloatImage Plaintext(int index)
    {
        if (index < Images.Count)
        {
            return Images[index];
        }

        lock (synthetic)
        {
            if (!synthetic.TryGetValue(index, out var image))
            {
                var radiograph = new ChestRadiographGenerator().Generate(500_000 + index, Width, Height);
                image = Normalise(radiograph.Pixels, Width, Height);
                synthetic[index] = image;
            }

            return image;
        }
    }

    /// <summary>Plaintexts [start, start + count).</summary>
    public IReadOnlyList<FloatImage> Plaintexts(int start, int count) => Enumerable.Range(start, count).Select(Plaintext).ToArray();

    /// <summary>The object id the noise view is keyed by (a fresh UID for every object, as the modality gives).</summary>
    public static string ObjectId(int index, int variant = 0) => $"2.25.{15_000_000 + index}.{variant}";

    /// <summary>Scales 12-bit pixels between their smallest and largest value, as the DICOM transform does.</summary>
    public static FloatImage Normalise(ushort[] pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var min = pixels.Min();
        var max = pixels.Max();
        var range = Math.Max(1, max - min);
        return new FloatImage(width, height, 1, pixels.Select(p => (float)(p - min) / range).ToArray());
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Analysis.Attacks;
using DicomCipherGateway.Cipher.Analysis.Baselines;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Section 6 (known and chosen plaintext): an attacker who holds N plaintext/view pairs of the
/// target key (other patients) trains an inverse network — F's architecture, and a small U-Net —
/// and decrypts held-out views. Baselines: the legitimate F and the mean-image predictor.
/// Controls: the noise view must stay at the baseline; a permutation-only chaotic cipher must break.
/// </summary>
public static class KnownPlaintextStudy
{
    /// <summary>Plaintext indices of the attacker's pairs: far from the held-out images (other patients).</summary>
    private const int PairOffset = 100_000;

    private const double LearningRate = 1e-3;
    private const int Batch = 4;

    public static void Run(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.Report;
        var options = context.Options;
        var random = new Random(options.Seed + 6);
        var heldOut = context.Plaintexts(0, Math.Min(options.HeldOut, Math.Max(1, context.Images.Count)));
        var heldViews = Views(context, heldOut, 0);
        var maxN = options.AttackPairs.Max();
        context.Progress.Report($"known plaintext: making {maxN} pairs of other patients");
        var pairPlain = new List<FloatImage>();
        var pairViews = new List<FloatImage>();
        for (var start = 0; start < maxN; start += 32)
        {
            var count = Math.Min(32, maxN - start);
            var plain = context.Plaintexts(PairOffset + start, count);
            pairPlain.AddRange(plain);
            pairViews.AddRange(Views(context, plain, PairOffset + start));
            context.Progress.Report($"known plaintext: {start + count}/{maxN} pairs");
        }

        var legitimate = Score(heldOut, context.Options.View == AnalysedView.G ? context.Key.Decrypt(heldViews) : heldOut);
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonArray();
        var fSeries = new List<double>();
        var uSeries = new List<double>();
        var meanSeries = new List<double>();
        foreach (var n in options.AttackPairs)
        {
            var plain = pairPlain.Take(n).ToArray();
            var views = pairViews.Take(n).ToArray();
            var f = Attack(context, "F architecture", n, plain, views, heldOut, heldViews, () => NewCipherNetwork(context), random);
            var u = Attack(context, "U-Net", n, plain, views, heldOut, heldViews, () => new SmallUNet("unet", logits: false), random);
            var mean = Score(heldOut, Enumerable.Repeat(MeanImage(plain), heldOut.Count).ToArray());
            fSeries.Add(f.Psnr);
            uSeries.Add(u.Psnr);
            meanSeries.Add(mean.Psnr);
            rows.Add([n.ToString(CultureInfo.InvariantCulture), $"{F(f.Psnr, 2)} / {F(f.Ssim, 3)}", $"{F(u.Psnr, 2)} / {F(u.Ssim, 3)}", $"{F(mean.Psnr, 2)} / {F(mean.Ssim, 3)}", $"{F(legitimate.Psnr, 2)} / {F(legitimate.Ssim, 3)}"]);
            json.Add(new JsonObject
            {
                ["pairs"] = n,
                ["fArchitecturePsnr"] = N(f.Psnr),
                ["fArchitectureSsim"] = N(f.Ssim),
                ["unetPsnr"] = N(u.Psnr),
                ["unetSsim"] = N(u.Ssim),
                ["meanImagePsnr"] = N(mean.Psnr),
                ["meanImageSsim"] = N(mean.Ssim),
            });
        }

        // Control 1: the noise view, same attacker, largest N.
        var noiseViews = pairPlain.Select((p, i) => NoiseView(context, p, PairOffset + i)).ToArray();
        var heldNoise = heldOut.Select((p, i) => NoiseView(context, p, i)).ToArray();
        var noiseAttack = Attack(context, "U-Net on the noise view", maxN, pairPlain, noiseViews, heldOut, heldNoise, () => new SmallUNet("unet", logits: false), random);

        // Control 2: a permutation-only logistic-map cipher, broken by the classic attack on N pairs.
        var permutation = new LogisticMapCipher(0.3 + (RandomNumberGenerator.GetInt32(1_000_000) / 1e7), 3.99, diffusion: false);
        var permutationRows = new List<IReadOnlyList<string>>();
        var permutationJson = new JsonArray();
        foreach (var n in options.AttackPairs.Where(n => n <= 64).Append(Math.Min(maxN, 64)).Distinct().Order())
        {
            var knownPlain = pairPlain.Take(n).Select(p => GrayImage.From(p).Pixels).ToArray();
            var knownCipher = knownPlain.Select(p => permutation.Encrypt(p)).ToArray();
            var mapping = PermutationRecovery.Recover(knownPlain, knownCipher);
            var recovered = heldOut.Select(p => new GrayImage(p.Width, p.Height, PermutationRecovery.Apply(mapping, permutation.Encrypt(GrayImage.From(p).Pixels))).ToFloatImage()).ToArray();
            var score = Score(heldOut, recovered);
            permutationRows.Add([n.ToString(CultureInfo.InvariantCulture), F(score.Psnr, 2), F(score.Ssim, 3)]);
            permutationJson.Add(new JsonObject { ["pairs"] = n, ["psnr"] = N(score.Psnr), ["ssim"] = N(score.Ssim) });
        }

        report.Heading("6. Attacks the paper left out");
        report.Heading("Known plaintext", 3);
        report.Paragraph($"The attacker holds N plaintext/view pairs of the target key from other patients (synthetic radiographs, seeds apart from the held-out ones) and trains an inverse network from the view to the plaintext: "
            + $"F's own architecture ({context.Key.Metadata.Architecture.ResidualBlocks} residual blocks, fresh random weights) and a small U-Net, {options.AttackSteps} Adam steps of {Batch} random {options.AttackCrop}² crops, L1 loss. "
            + $"Decryption of {heldOut.Count} held-out views, PSNR (dB) / SSIM against the plaintext. The legitimate F and the mean of the N known plaintexts (the best guess that ignores the view) are the baselines."
            + (options.IsQuick ? " **Quick mode: a handful of steps; the attack is only exercised, not run to convergence.**" : string.Empty));
        report.Table(["N pairs", "attacker, F architecture", "attacker, U-Net", "mean-image predictor", "legitimate F"], rows);
        var x = options.AttackPairs.Select(n => (double)n).ToArray();
        ReportFigures.Lines(
            [
                ("attacker, F architecture", x, fSeries.ToArray()),
                ("attacker, U-Net", x, uSeries.ToArray()),
                ("mean-image predictor", x, meanSeries.ToArray()),
                ("legitimate F", x, x.Select(_ => legitimate.Psnr).ToArray()),
            ],
            "Known-plaintext attack on the view", "N known pairs", "PSNR of held-out decryption (dB)", report.FigurePath("known-plaintext.png", "Known-plaintext attack: PSNR against N"), logX: true);
        report.Paragraph($"Control, the noise view (AES-CTR keystream, what `view: noise` stores), U-Net with {maxN} pairs: {F(noiseAttack.Psnr, 2)} dB / SSIM {F(noiseAttack.Ssim, 3)} — "
            + $"against {F(meanSeries[^1], 2)} dB for the mean image: the attacker learns nothing from the noise view beyond the average radiograph.");
        report.Paragraph("Control, a permutation-only logistic-map cipher (no diffusion), broken by the classic known-plaintext attack (a cipher pixel can only come from plain positions with equal values in every known pair):");
        report.Table(["N pairs", "PSNR dB", "SSIM"], permutationRows);
        report.Set("knownPlaintext", new JsonObject
        {
            ["heldOut"] = heldOut.Count,
            ["steps"] = options.AttackSteps,
            ["legitimatePsnr"] = N(legitimate.Psnr),
            ["legitimateSsim"] = N(legitimate.Ssim),
            ["byPairs"] = json,
            ["noiseViewControlPsnr"] = N(noiseAttack.Psnr),
            ["noiseViewControlSsim"] = N(noiseAttack.Ssim),
            ["permutationOnly"] = permutationJson,
        });

        ChosenPlaintext(context, heldOut, heldViews, random);
    }

    /// <summary>
    /// Chosen plaintext with black-box access: the attacker encrypts images of their choosing and
    /// trains F's architecture on the pairs. Three families an attacker without patient data can
    /// make: uniform noise (every local pattern at once), smooth random fields (noise blurred at
    /// several scales, with the slow gradients and edges of a radiograph's texture), and the two mixed.
    /// </summary>
    private static void ChosenPlaintext(AnalysisContext context, IReadOnlyList<FloatImage> heldOut, IReadOnlyList<FloatImage> heldViews, Random random)
    {
        var n = Math.Min(context.Options.AttackPairs.Max(), 100);
        var noise = Enumerable.Range(0, n).Select(_ => UniformNoise(context.Width, context.Height)).ToArray();
        var smooth = Enumerable.Range(0, n).Select(_ => SmoothField(context.Width, context.Height, random)).ToArray();
        var mixed = noise.Take(n / 2).Concat(smooth.Skip(n / 2)).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonArray();
        var index = 200_000;
        foreach (var (family, chosen) in new (string, FloatImage[])[] { ("uniform noise", noise), ("smooth random fields (σ 1–32)", smooth), ("half and half", mixed) })
        {
            var views = Views(context, chosen, index);
            index += n;
            var result = Attack(context, $"chosen plaintext ({family}), F architecture", n, chosen, views, heldOut, heldViews, () => NewCipherNetwork(context), random);
            rows.Add([family, F(result.Psnr, 2), F(result.Ssim, 3)]);
            json.Add(new JsonObject { ["family"] = family, ["pairs"] = n, ["psnr"] = N(result.Psnr), ["ssim"] = N(result.Ssim) });
        }

        context.Report.Heading("Chosen plaintext (black-box encryptor)", 3);
        context.Report.Paragraph($"The attacker submits {n} images of their own making to the encryptor, trains F's architecture on the pairs with the same budget ({context.Options.AttackSteps} steps), and decrypts the held-out radiographs' views (PSNR dB / SSIM). "
            + "The gateway is such an encryptor for anyone who can send it a DICOM object; an attacker who submits radiographs (a phantom, their own) is the known-plaintext attacker above with as many pairs as they like.");
        context.Report.Table(["chosen images", "PSNR dB", "SSIM"], rows);
        context.Report.Json["chosenPlaintext"] = new JsonObject { ["pairs"] = n, ["families"] = json, ["psnr"] = json.Max(r => (double?)r!["psnr"]) is { } best ? N(best) : null };
    }

    private static FloatImage UniformNoise(int width, int height)
    {
        var bytes = RandomNumberGenerator.GetBytes(width * height);
        return new FloatImage(width, height, 1, bytes.Select(b => b / 255f).ToArray());
    }

    /// <summary>A sum of white noises blurred at σ = 1, 4, 16 and 32 with random weights, stretched to [0, 1].</summary>
    private static FloatImage SmoothField(int width, int height, Random random)
    {
        var sum = new float[width * height];
        foreach (var sigma in new[] { 1.0, 4.0, 16.0, 32.0 })
        {
            var white = new float[sum.Length];
            for (var i = 0; i < white.Length; i++)
            {
                white[i] = (float)random.NextDouble();
            }

            // A blur shrinks the spread by about 1/(2σ√π); scaling back keeps every scale visible.
            var blurred = ImageMetrics.GaussianBlur(white, width, height, sigma);
            var weight = (float)(random.NextDouble() * 2 * sigma * Math.Sqrt(Math.PI));
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += weight * blurred[i];
            }
        }

        return FloatImage.Stretched(width, height, sum);
    }

    internal static (double Psnr, double Ssim) Score(IReadOnlyList<FloatImage> plain, IReadOnlyList<FloatImage> estimate)
    {
        double psnr = 0, ssim = 0;
        for (var i = 0; i < plain.Count; i++)
        {
            psnr += ImageMetrics.Psnr(plain[i].Channel(0), estimate[i].Channel(0));
            ssim += ImageMetrics.Ssim(estimate[i].Channel(0), plain[i].Channel(0), plain[i].Width, plain[i].Height);
        }

        return (psnr / plain.Count, ssim / plain.Count);
    }

    /// <summary>The views of <paramref name="plaintexts"/> the PACS would hold for the analysed view (16-bit G(x), or the noise view).</summary>
    internal static IReadOnlyList<FloatImage> Views(AnalysisContext context, IReadOnlyList<FloatImage> plaintexts, int firstIndex) =>
        context.Options.View == AnalysedView.G
            ? context.View.StoredViews(plaintexts)
            : plaintexts.Select((p, i) => NoiseView(context, p, firstIndex + i)).ToArray();

    private static FloatImage NoiseView(AnalysisContext context, FloatImage plain, int index)
    {
        var bytes = new byte[plain.Width * plain.Height];
        ViewNoise.Fill(context.Key.SealKey, AnalysisContext.ObjectId(index), bytes);
        return new GrayImage(plain.Width, plain.Height, bytes).ToFloatImage();
    }

    private static nn.Module<Tensor, Tensor> NewCipherNetwork(AnalysisContext context)
    {
        var network = new CipherNetwork("attack", context.Key.Metadata.Architecture);
        WeightInitialiser.FromCsprng(network);
        return network;
    }

    private static (double Psnr, double Ssim) Attack(
        AnalysisContext context,
        string label,
        int n,
        IReadOnlyList<FloatImage> plain,
        IReadOnlyList<FloatImage> views,
        IReadOnlyList<FloatImage> heldOut,
        IReadOnlyList<FloatImage> heldViews,
        Func<nn.Module<Tensor, Tensor>> create,
        Random random)
    {
        using var model = create();
        var steps = context.Options.AttackSteps;
        var every = Math.Max(1, steps / 5);
        PairedTrainer.Train(model, views.Take(n).ToArray(), plain.Take(n).ToArray(), steps, Batch, context.Options.AttackCrop, LearningRate, masks: false, random,
            (step, loss) =>
            {
                if (step % every == 0)
                {
                    context.Progress.Report($"attack {label}, N = {n}: step {step}/{steps}, L1 {loss:F4}");
                }
            });
        return Score(heldOut, PairedTrainer.Predict(model, heldViews, masks: false));
    }

    private static FloatImage MeanImage(IReadOnlyList<FloatImage> images)
    {
        var sum = new float[images[0].Pixels.Length];
        foreach (var image in images)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += image.Pixels[i];
            }
        }

        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] /= images.Count;
        }

        return new FloatImage(images[0].Width, images[0].Height, 1, sum);
    }
}

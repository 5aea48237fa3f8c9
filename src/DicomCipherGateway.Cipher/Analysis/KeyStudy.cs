using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Analysis.Attacks;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Sections 4 and 5: key sensitivity (F's weights perturbed), F of other keys (another seed; the
/// paper's three adversaries when the other keys differ in depth or hidden factors), F fine-tuned
/// from a nearby key with a few pairs, and the pairwise SSIM of different keys' views (Table III).
/// </summary>
public static class KeyStudy
{
    public static void Run(AnalysisContext context, IReadOnlyList<CipherKey> otherKeys)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(otherKeys);
        var report = context.Report;
        report.Heading("4. Keys");
        if (context.Options.View == AnalysedView.Noise)
        {
            report.Paragraph("With view: noise, F never decrypts anything (the sealed original is opened with AES-256-GCM), so F's sensitivity and the imitation adversaries do not apply; the noise view's key is the seal key (256 bits).");
            return;
        }

        var count = Math.Min(3, Math.Max(1, context.Images.Count));
        var plain = context.Plaintexts(0, count);
        var views = context.View.StoredViews(plain);
        var random = new Random(context.Options.Seed + 4);
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonObject();
        var legitimate = KnownPlaintextStudy.Score(plain, context.Key.Decrypt(views));
        rows.Add(["none (the key's F)", F(legitimate.Psnr, 2), F(legitimate.Ssim, 3)]);
        json["none"] = N(legitimate.Psnr);
        var perturbations = new (string Name, double Fraction)[]
        {
            ("5 % of weights replaced", 0.05),
            ("1 % of weights replaced", 0.01),
            ("0.1 % of weights replaced", 0.001),
            ("one weight replaced", -1),
            ("one weight's least significant bit flipped", -2),
        };
        foreach (var (name, fraction) in perturbations)
        {
            context.Progress.Report($"key sensitivity: {name}");
            using var f = Clone(context.Key.Decryptor);
            Perturb(f, fraction, random);
            var score = KnownPlaintextStudy.Score(plain, Run(f, views));
            rows.Add([name, F(score.Psnr, 2), F(score.Ssim, 3)]);
            json[name] = N(score.Psnr);
        }

        report.Paragraph($"Decryption of {count} views by F with weights perturbed (a replaced weight is drawn from a normal distribution with its tensor's mean and standard deviation: what an attacker guessing the unknown part would do). "
            + "Paper §IV.A.3: with 5 % of the parameters changed the image cannot be decrypted. What matters for an attacker is the opposite direction: how close a guessed or learned F must be, which the attacks below answer.");
        report.Table(["F's weights", "PSNR dB", "SSIM"], rows);
        report.Set("keySensitivity", json);

        report.Heading("5. Other keys and the paper's adversaries");
        if (otherKeys.Count == 0)
        {
            report.Paragraph("No other keys were given (`--other-key`), so key randomness (Table III) and the paper's imitation adversaries (§IV.C) were not measured in this run.");
            return;
        }

        var adversaries = new List<IReadOnlyList<string>>();
        var adversaryJson = new JsonArray();
        var target = context.Key.Metadata;
        foreach (var other in otherKeys)
        {
            var meta = other.Metadata;
            var model = meta.Architecture.ResidualBlocks != target.Architecture.ResidualBlocks
                ? "hidden factors leaked (other depth, Table V)"
                : meta.Training.HiddenFactors != target.Training.HiddenFactors
                    ? "architecture leaked (other hidden factors)"
                    : "both leaked (same settings, retrained)";
            var score = KnownPlaintextStudy.Score(plain, other.Decrypt(views));
            adversaries.Add([meta.KeyId.ToString()[..8], $"{meta.Architecture.ResidualBlocks} blocks, {meta.Training.HiddenFactors}, {meta.Training.Steps} steps", model, F(score.Psnr, 2), F(score.Ssim, 3)]);
            adversaryJson.Add(new JsonObject { ["key"] = meta.KeyId.ToString(), ["model"] = model, ["psnr"] = N(score.Psnr), ["ssim"] = N(score.Ssim) });
        }

        report.Paragraph($"Each other key's F decrypting the target key's views (the target's own F: {F(legitimate.Psnr, 2)} dB).");
        report.Table(["key", "trained", "adversary (paper §IV.C)", "PSNR dB", "SSIM"], adversaries);

        // Table III: pairwise SSIM of the views of the same image under different keys.
        var keys = new[] { context.Key }.Concat(otherKeys).ToArray();
        var keyViews = keys.Select(k => k.Encrypt([plain[0]])[0]).ToArray();
        var header = new List<string> { "key" };
        header.AddRange(keys.Select(k => k.Id.ToString()[..8]));
        var matrix = new List<IReadOnlyList<string>>();
        var matrixJson = new JsonArray();
        for (var i = 0; i < keys.Length; i++)
        {
            var row = new List<string> { keys[i].Id.ToString()[..8] };
            var rowJson = new JsonArray();
            for (var j = 0; j < keys.Length; j++)
            {
                var ssim = ImageMetrics.Ssim(keyViews[i].Channel(0), keyViews[j].Channel(0), plain[0].Width, plain[0].Height);
                row.Add(F(ssim, 3));
                rowJson.Add(N(ssim));
            }

            matrix.Add(row);
            matrixJson.Add(rowJson);
        }

        report.Paragraph("Key randomness: SSIM between the views of the same image under each key (paper Table III: 0.04–0.11 off the diagonal).");
        report.Table(header, matrix);

        // A nearby key's F fine-tuned on a few pairs of the target key.
        var nearby = otherKeys.FirstOrDefault(k => k.Metadata.Architecture == target.Architecture);
        JsonObject? fineTuneJson = null;
        if (nearby is not null)
        {
            var pairs = Math.Min(10, context.Options.AttackPairs.Max());
            var pairPlain = context.Plaintexts(150_000, pairs);
            var pairViews = context.View.StoredViews(pairPlain);
            using var f = Clone(nearby.Decryptor);
            var steps = Math.Max(1, context.Options.AttackSteps / 2);
            PairedTrainer.Train(f, pairViews, pairPlain, steps, 4, context.Options.AttackCrop, 3e-4, masks: false, random,
                (step, loss) =>
                {
                    if (step % Math.Max(1, steps / 4) == 0)
                    {
                        context.Progress.Report($"fine-tuning a nearby key's F: step {step}/{steps}, L1 {loss:F4}");
                    }
                });
            var score = KnownPlaintextStudy.Score(plain, PairedTrainer.Predict(f, views, masks: false));
            report.Paragraph($"F of key {nearby.Id.ToString()[..8]} fine-tuned on {pairs} pairs of the target key for {steps} steps: {F(score.Psnr, 2)} dB / SSIM {F(score.Ssim, 3)}.");
            fineTuneJson = new JsonObject { ["pairs"] = pairs, ["steps"] = steps, ["psnr"] = N(score.Psnr), ["ssim"] = N(score.Ssim) };
        }

        report.Set("otherKeys", new JsonObject { ["adversaries"] = adversaryJson, ["viewSsim"] = matrixJson, ["fineTuned"] = fineTuneJson });
    }

    private static CipherNetwork Clone(CipherNetwork network)
    {
        var clone = new CipherNetwork("F", network.Architecture);
        WeightCodec.Deserialize(clone, WeightCodec.Serialize(network));
        clone.eval();
        return clone;
    }

    /// <summary>fraction &gt; 0: that share of all weights replaced; −1: one weight replaced; −2: one weight's lowest mantissa bit flipped.</summary>
    private static void Perturb(CipherNetwork network, double fraction, Random random)
    {
        using var noGrad = torch.no_grad();
        var parameters = network.parameters().ToArray();
        var total = parameters.Sum(p => p.numel());
        var chosenOne = (long)(random.NextDouble() * total);
        long offset = 0;
        foreach (var parameter in parameters)
        {
            using var cpu = parameter.detach().cpu().contiguous();
            var values = cpu.data<float>().ToArray();
            var mean = values.Average();
            var sd = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            var changed = false;
            for (var i = 0; i < values.Length; i++)
            {
                var hit = fraction > 0 ? random.NextDouble() < fraction : offset + i == chosenOne;
                if (!hit)
                {
                    continue;
                }

                values[i] = fraction == -2
                    ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(values[i]) ^ 1)
                    : (float)(mean + (sd * NextGaussian(random)));
                changed = true;
            }

            offset += values.Length;
            if (changed)
            {
                using var replacement = torch.tensor(values, parameter.shape);
                parameter.copy_(replacement);
            }
        }
    }

    private static IReadOnlyList<FloatImage> Run(CipherNetwork network, IReadOnlyList<FloatImage> views) =>
        PairedTrainer.Predict(network, views, masks: false);

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Pixels;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Section 2: NPCR and UACI as the paper measured them (1 % of the pixels changed) and as the field
/// does (one pixel, at random and at the corner), on the encryption and the decryption side,
/// judged against Wu–Noonan–Agaian's critical values; and determinism.
/// </summary>
public static class DifferentialStudy
{
    private enum Change
    {
        OnePercent,
        OnePixelRandom,
        OnePixelCorner,
    }

    public static void Run(AnalysisContext context, IReadOnlyList<ICipherSource> sources)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sources);
        var report = context.Report;
        var pairs = context.Options.DifferentialPairs;
        var pixels = context.Width * context.Height;
        var random = new Random(context.Options.Seed + 2);
        report.Heading("2. Differential tests");
        report.Paragraph($"{pairs} pairs per row. A plaintext and a copy with pixels changed by one 8-bit grey level (1/255); NPCR and UACI between the two 8-bit cipher images. "
            + "Paper (§IV.D.3): NPCR 94.21 % with 1 % of the pixels changed, 94.87 % on the decryption side. "
            + $"Critical values (Wu, Noonan, Agaian 2011, derived for N = {pixels:N0}): "
            + string.Join("; ", CriticalValues.Alphas.Select(a => $"α = {a}: NPCR ≥ {F(100 * CriticalValues.NpcrMinimum(pixels, a), 4)} %, UACI in [{F(100 * CriticalValues.UaciInterval(pixels, a).Low, 4)}, {F(100 * CriticalValues.UaciInterval(pixels, a).High, 4)}] %"))
            + ". The AES-256-GCM rows use a fresh nonce per object, as the sealed profile does; with a fixed nonce AES-GCM is a stream cipher and a one-pixel change changes one pixel.");
        var header = new List<string> { "source", "change", "NPCR mean", "UACI mean" };
        header.AddRange(CriticalValues.Alphas.Select(a => $"pass α = {a} (NPCR / UACI)"));
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonObject();
        foreach (var source in sources)
        {
            var sourceJson = new JsonObject();
            foreach (var change in Enum.GetValues<Change>())
            {
                context.Progress.Report($"differential: {source.Name}, {change}");
                var npcr = new double[pairs];
                var uaci = new double[pairs];
                for (var i = 0; i < pairs; i++)
                {
                    var plain = context.Plaintext(i);
                    var changed = Modify(plain, change, random);
                    var images = source.Encrypt([plain, changed], [AnalysisContext.ObjectId(i), AnalysisContext.ObjectId(i, 1)]);
                    npcr[i] = Differential.Npcr(images[0].Pixels, images[1].Pixels);
                    uaci[i] = Differential.Uaci(images[0].Pixels, images[1].Pixels);
                }

                rows.Add(Row(source.Name, change.ToString(), npcr, uaci, pixels));
                sourceJson[change.ToString()] = Json(npcr, uaci, pixels);
            }

            json[source.Name] = sourceJson;
        }

        report.Heading("Encryption side", 3);
        report.Table(header, rows);

        // Decryption side: F on the stored view with one pixel (or 1 %) changed.
        report.Heading("Decryption side", 3);
        var decryption = new JsonObject();
        if (context.Options.View == AnalysedView.G)
        {
            var decryptRows = new List<IReadOnlyList<string>>();
            foreach (var change in Enum.GetValues<Change>())
            {
                context.Progress.Report($"differential: decryption side, {change}");
                var npcr = new double[pairs];
                var uaci = new double[pairs];
                for (var i = 0; i < pairs; i++)
                {
                    var view = context.View.StoredViews([context.Plaintext(i)])[0];
                    var changed = Modify(view, change, random);
                    var restored = context.Key.Decrypt([view, changed]);
                    var a = GrayImage.From(restored[0]);
                    var b = GrayImage.From(restored[1]);
                    npcr[i] = Differential.Npcr(a.Pixels, b.Pixels);
                    uaci[i] = Differential.Uaci(a.Pixels, b.Pixels);
                }

                decryptRows.Add(Row("F(view)", change.ToString(), npcr, uaci, pixels));
                decryption[change.ToString()] = Json(npcr, uaci, pixels);
            }

            report.Table(header, decryptRows);
            report.Paragraph("F is meant to undo G, so a change to the view should stay local in the decryption: a low NPCR here is what a working decryptor does, not a weakness. "
                + "AES-256-GCM has no such number: a changed ciphertext fails its tag and nothing is decrypted.");
        }
        else
        {
            report.Paragraph("With view: noise the view is never decrypted: decryption opens the sealed original (AES-256-GCM), and any change to the envelope fails its tag.");
        }

        json["decryption"] = decryption;

        // Determinism: the same pixels sent as two objects (two SOP Instance UIDs), as a repeated
        // study would be; the noise view is keyed by the UID, so encrypting under one UID twice would
        // call it deterministic when the PACS never sees that.
        var plain0 = context.Plaintext(0);
        var first = sources[0].Encrypt([plain0], [AnalysisContext.ObjectId(0)])[0];
        var second = sources[0].Encrypt([plain0], [AnalysisContext.ObjectId(0, variant: 1)])[0];
        var identical = first.Pixels.AsSpan().SequenceEqual(second.Pixels);
        report.Heading("Determinism", 3);
        report.Paragraph(identical
            ? $"The same image sent as two objects gives the same view ({sources[0].Name}: identical bytes). The view therefore has no semantic security: anyone who reads the PACS sees when two objects carry the same pixels, and an attacker who can guess a candidate image can confirm the guess by encrypting it, if they can reach the encryptor. AES-256-GCM in the sealed envelope draws a fresh data key and nonce per object and does not have this property."
            : $"The same image sent as two objects gives unrelated views ({sources[0].Name}: {Pct(first.Pixels.Zip(second.Pixels, (a, b) => a != b ? 1.0 : 0.0).Average(), 2)} of the bytes differ): the PACS cannot tell that two objects carry the same pixels.");
        json["deterministic"] = identical;
        report.Set("differential", json);
    }

    private static IReadOnlyList<string> Row(string source, string change, double[] npcr, double[] uaci, int pixels)
    {
        var row = new List<string> { source, change, Pct(npcr.Average(), 4), Pct(uaci.Average(), 4) };
        foreach (var alpha in CriticalValues.Alphas)
        {
            var minimum = CriticalValues.NpcrMinimum(pixels, alpha);
            var interval = CriticalValues.UaciInterval(pixels, alpha);
            row.Add($"{Pct(npcr.Count(v => v >= minimum) / (double)npcr.Length, 0)} / {Pct(uaci.Count(interval.Contains) / (double)uaci.Length, 0)}");
        }

        return row;
    }

    private static JsonObject Json(double[] npcr, double[] uaci, int pixels)
    {
        var json = new JsonObject { ["npcrMean"] = N(npcr.Average()), ["uaciMean"] = N(uaci.Average()) };
        foreach (var alpha in CriticalValues.Alphas)
        {
            json[$"npcrPassRate_{alpha}"] = N(npcr.Count(v => v >= CriticalValues.NpcrMinimum(pixels, alpha)) / (double)npcr.Length);
            json[$"uaciPassRate_{alpha}"] = N(uaci.Count(CriticalValues.UaciInterval(pixels, alpha).Contains) / (double)uaci.Length);
        }

        return json;
    }

    /// <summary>A copy with one pixel (at random or at the corner) or 1 % of the pixels moved by one 8-bit level.</summary>
    private static FloatImage Modify(FloatImage image, Change change, Random random)
    {
        var pixels = (float[])image.Pixels.Clone();
        var plane = image.Width * image.Height;
        IEnumerable<int> positions = change switch
        {
            Change.OnePixelCorner => [0],
            Change.OnePixelRandom => [random.Next(plane)],
            _ => Enumerable.Range(0, Math.Max(1, plane / 100)).Select(_ => random.Next(plane)),
        };
        foreach (var p in positions)
        {
            var v = pixels[p];
            pixels[p] = v + (1f / 255) <= 1f ? v + (1f / 255) : v - (1f / 255);
        }

        return new FloatImage(image.Width, image.Height, image.Channels, pixels);
    }
}

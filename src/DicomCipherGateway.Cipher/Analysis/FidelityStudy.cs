using System.Text;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Pixels;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Section 3: SSIM and PSNR of the view and of F's decryption against the plaintext (the paper's
/// Table VI) beside a 2× downscale-and-restore baseline, and the sealed profile's exactness.
/// </summary>
public static class FidelityStudy
{
    public static void Run(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.Report;
        var count = Math.Min(context.Options.FidelityImages, Math.Max(1, context.Images.Count));
        var plaintexts = context.Plaintexts(0, count);
        context.Progress.Report($"fidelity: {count} images");
        var views = context.View.StoredViews(plaintexts);
        var restored = context.Key.Decrypt(views);
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonArray();
        var w = context.Width;
        var h = context.Height;
        double sumViewSsim = 0, sumDecSsim = 0, sumHalfSsim = 0, sumDecPsnr = 0, sumHalfPsnr = 0;
        for (var i = 0; i < count; i++)
        {
            var plain = plaintexts[i].Channel(0);
            var half = HalfAndRestore(plaintexts[i]).Channel(0);
            var viewSsim = ImageMetrics.Ssim(views[i].Channel(0), plain, w, h);
            var decSsim = ImageMetrics.Ssim(restored[i].Channel(0), plain, w, h);
            var halfSsim = ImageMetrics.Ssim(half, plain, w, h);
            var decPsnr = ImageMetrics.Psnr(plain, restored[i].Channel(0));
            var halfPsnr = ImageMetrics.Psnr(plain, half);
            sumViewSsim += viewSsim;
            sumDecSsim += decSsim;
            sumHalfSsim += halfSsim;
            sumDecPsnr += decPsnr;
            sumHalfPsnr += halfPsnr;
            rows.Add([(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), F(viewSsim, 3), F(decSsim, 3), F(halfSsim, 3), F(decPsnr, 2), F(halfPsnr, 2)]);
            json.Add(new JsonObject { ["ssimView"] = N(viewSsim), ["ssimDecrypted"] = N(decSsim), ["ssim2x"] = N(halfSsim), ["psnrDecrypted"] = N(decPsnr), ["psnr2x"] = N(halfPsnr) });
        }

        rows.Add(["mean", F(sumViewSsim / count, 3), F(sumDecSsim / count, 3), F(sumHalfSsim / count, 3), F(sumDecPsnr / count, 2), F(sumHalfPsnr / count, 2)]);
        rows.Add(["paper Table VI (mean)", "0.01–0.02", "0.88–0.94", "0.88–0.92", "35.3–38.0", "34.6–36.7"]);
        report.Heading("3. Fidelity");
        report.Paragraph("SSIM (11×11 Gaussian window, σ = 1.5) and PSNR (peak 1) against the plaintext, on the view as stored (16 bits) and on F's decryption of it; "
            + "\"2×\" downscales by 2×2 averaging and restores bilinearly. Table VI of the paper swaps its two SSIM rows (it lists 0.93 for the encrypted image and 0.01 for the decrypted one); the paper row below puts them where the text says they belong.");
        report.Table(["image", "SSIM(view, x)", "SSIM(F(view), x)", "SSIM(2×, x)", "PSNR F(view) dB", "PSNR 2× dB"], rows);

        // The sealed profile: the original pixels are sealed with AES-256-GCM and come back bit for bit.
        var exact = 0;
        var tamperRejected = 0;
        foreach (var plain in plaintexts)
        {
            var bytes = ToUInt16Bytes(plain);
            var associated = Encoding.ASCII.GetBytes("analysis");
            var envelope = context.Key.Seal(bytes, associated);
            exact += context.Key.Open(envelope, associated).AsSpan().SequenceEqual(bytes) ? 1 : 0;
            envelope[^1] ^= 1;
            try
            {
                context.Key.Open(envelope, associated);
            }
            catch (SealedEnvelopeException)
            {
                tamperRejected++;
            }
        }

        report.Paragraph($"Sealed profile: {exact} of {count} originals (16-bit pixels) came back bit for bit from their envelopes, and {tamperRejected} of {count} envelopes with one bit flipped were refused. "
            + "Decryption in the sealed profile does not use F at all, so its fidelity is exact whatever the PSNR above.");
        report.Set("fidelity", new JsonObject
        {
            ["images"] = json,
            ["meanSsimView"] = N(sumViewSsim / count),
            ["meanSsimDecrypted"] = N(sumDecSsim / count),
            ["meanPsnrDecrypted"] = N(sumDecPsnr / count),
            ["meanPsnr2x"] = N(sumHalfPsnr / count),
            ["sealedExact"] = exact,
            ["sealedTamperRejected"] = tamperRejected,
            ["count"] = count,
        });
    }

    /// <summary>Downscale by 2×2 averaging, restore by bilinear interpolation (pixel centres aligned).</summary>
    public static FloatImage HalfAndRestore(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var w = image.Width;
        var h = image.Height;
        var hw = (w + 1) / 2;
        var hh = (h + 1) / 2;
        var src = image.Channel(0);
        var small = new float[hw * hh];
        for (var y = 0; y < hh; y++)
        {
            for (var x = 0; x < hw; x++)
            {
                float sum = 0;
                var n = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var sx = (2 * x) + dx;
                        var sy = (2 * y) + dy;
                        if (sx < w && sy < h)
                        {
                            sum += src[(sy * w) + sx];
                            n++;
                        }
                    }
                }

                small[(y * hw) + x] = sum / n;
            }
        }

        var result = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var fy = Math.Clamp(((y + 0.5) / 2) - 0.5, 0, hh - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, hh - 1);
            var ty = (float)(fy - y0);
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Clamp(((x + 0.5) / 2) - 0.5, 0, hw - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, hw - 1);
                var tx = (float)(fx - x0);
                var top = (small[(y0 * hw) + x0] * (1 - tx)) + (small[(y0 * hw) + x1] * tx);
                var bottom = (small[(y1 * hw) + x0] * (1 - tx)) + (small[(y1 * hw) + x1] * tx);
                result[(y * w) + x] = (top * (1 - ty)) + (bottom * ty);
            }
        }

        return new FloatImage(w, h, 1, result);
    }

    private static byte[] ToUInt16Bytes(FloatImage image)
    {
        var channel = image.Channel(0);
        var bytes = new byte[channel.Length * 2];
        for (var i = 0; i < channel.Length; i++)
        {
            var v = (ushort)Math.Clamp(MathF.Round(channel[i] * 4095f), 0, 4095);
            bytes[2 * i] = (byte)v;
            bytes[(2 * i) + 1] = (byte)(v >> 8);
        }

        return bytes;
    }
}

using System.CommandLine;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// The demo's cipher half, run through the same verbs an administrator types: generate a key on
/// the study, encrypt it, let DCMTK judge the ciphertext, decrypt it and prove it bit-exact.
/// </summary>
internal static class DemoCipherSteps
{
    /// <summary>Below this standard deviation (of the view scaled to [0, 1]) a view is constant: a broken key, whatever its Pearson says.</summary>
    private const double ConstantViewStdDev = 0.01;

    public static void Run(string root, string studyDir, int? keySteps, double? minPsnr, TextWriter log)
    {
        var keyring = Directory.CreateDirectory(Path.Combine(root, "keyring")).FullName;
        var kek = Path.Combine(root, "demo.kek");
        var key = Path.Combine(keyring, "demo.dcgkey");
        var cipherDir = Path.Combine(root, "ciphertext");
        var plainDir = Path.Combine(root, "decrypted");

        DemoCommand.Step(log, 4, "key generation = training G, F and D on the study (quick preset; progress below)");
        var keygen = new List<string> { "keygen", "--preset", "quick", "--training", studyDir, "--output", key, "--kek-file", kek, "--create-kek" };
        if (keySteps is { } steps)
        {
            keygen.AddRange(["--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (minPsnr is { } floor)
        {
            keygen.AddRange(["--min-psnr", floor.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        // keygen judges the key on held-out images (paper-profile PSNR, view statistics, constant
        // view) before writing it, and refuses a broken key: the demo then stops here.
        DemoCommand.Check(Dcg([.. keygen]) == 0, "dcg keygen failed or refused the key (see its quality gate above)");
        log.WriteLine($"    key file {key} (sealed under {kek}), loss curve {key}.loss.png");

        DemoCommand.Step(log, 5, "encrypt the study (profile dlednet-sealed, view G(x)); DCMTK judges the ciphertext");
        DemoCommand.Check(Dcg("encrypt", studyDir, cipherDir, "--keyring", keyring, "--kek-file", kek) == 0, "dcg encrypt failed");
        var originals = Directory.GetFiles(studyDir, "*.dcm").Order(StringComparer.Ordinal).ToArray();
        foreach (var original in originals)
        {
            var name = Path.GetFileName(original);
            var cipher = Path.Combine(cipherDir, name);
            DemoCommand.Check(File.Exists(cipher), $"no ciphertext for {name}");
            var verify = DemoCommand.Tool("dciodvfy", cipher);
            DemoCommand.Check(verify.Errors == 0, $"dciodvfy found errors in the ciphertext {name}: {verify.Text}");
            var plain = Pixels(original);
            var view = Pixels(cipher);
            var width = DicomFile.Open(original).Dataset.GetValue<ushort>(DicomTags.Columns);
            var ssim = ImageMetrics.Ssim(Scale(plain), Scale(view), width, plain.Length / width);
            var pearson = ImageMetrics.Pearson(plain, view);
            var spread = StandardDeviation(Scale(view));
            DemoCommand.Check(spread >= ConstantViewStdDev && double.IsFinite(ssim) && double.IsFinite(pearson),
                $"the ciphertext view of {name} is constant or not finite (standard deviation {spread:G3}, SSIM {ssim}, Pearson {pearson}): the key is broken");
            log.WriteLine($"    {name}: dciodvfy no errors; view vs original SSIM {ssim:F3}, Pearson {pearson:+0.000;-0.000}");
        }

        DemoCommand.Step(log, 6, "decrypt the ciphertext and compare with the originals element by element");
        DemoCommand.Check(Dcg("decrypt", cipherDir, plainDir, "--keyring", keyring, "--kek-file", kek) == 0, "dcg decrypt failed");
        foreach (var original in originals)
        {
            var name = Path.GetFileName(original);
            var a = DicomFile.Open(original);
            var b = DicomFile.Open(Path.Combine(plainDir, name));
            var same = DicomDatasetWriter.ToArray(a.Dataset, a.TransferSyntax).AsSpan().SequenceEqual(DicomDatasetWriter.ToArray(b.Dataset, b.TransferSyntax));
            DemoCommand.Check(same && a.TransferSyntax == b.TransferSyntax, $"{name} did not decrypt to the original");
            log.WriteLine($"    {name}: identical to the original (every element, every pixel)");
        }

        DemoCommand.Step(log, 7, "pictures (rendered by DCMTK's dcm2pnm): original, ciphertext view, decrypted");
        var pictures = Directory.CreateDirectory(Path.Combine(root, "pictures")).FullName;
        var first = Path.GetFileName(originals[0]);
        foreach (var (label, dir) in new[] { ("original", studyDir), ("ciphertext", cipherDir), ("decrypted", plainDir) })
        {
            var png = Path.Combine(pictures, $"{Path.GetFileNameWithoutExtension(first)}.{label}.png");
            var render = DemoCommand.Tool("dcm2pnm", "--write-png", "-il", "--use-window", "1", Path.Combine(dir, first), png);
            if (render.ExitCode != 0)
            {
                // The ciphertext carries no window; fall back to the min-max window.
                render = DemoCommand.Tool("dcm2pnm", "--write-png", "-il", "--min-max-window", Path.Combine(dir, first), png);
            }

            DemoCommand.Check(render.ExitCode == 0, $"dcm2pnm could not render {label}: {render.Text}");
            log.WriteLine($"    {png}");
        }
    }

    /// <summary>Runs a dcg verb in this process, exactly as typed on the command line.</summary>
    private static int Dcg(params string[] args)
    {
        var root = new RootCommand { KeygenCommand.Create(), EncryptCommand.Create(), DecryptCommand.Create() };
        return root.Parse(args).Invoke();
    }

    private static ushort[] Pixels(string path)
    {
        var file = DicomFile.Open(path);
        return DicomPixelData.FromDataset(file.Dataset, file.TransferSyntax).GetFrameSamples<ushort>(0);
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    private static float[] Scale(ushort[] values)
    {
        var max = Math.Max(1f, values.Max());
        return [.. values.Select(v => v / max)];
    }
}

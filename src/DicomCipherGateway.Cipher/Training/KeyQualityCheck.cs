namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// The verdict of the quality gate key generation applies before a key is written: the held-out
/// figures, the floor they were judged against, and whether the key passed or was forced through.
/// </summary>
/// <param name="Quality">Paper-profile decryption PSNR and view statistics on images kept out of training.</param>
/// <param name="FloorDb">The mean decryption PSNR required.</param>
/// <param name="Passed">Whether every criterion held.</param>
/// <param name="Forced">Whether the key was written although it failed (<c>--force</c>, experiments only).</param>
/// <param name="Verdict">One line: "passed" or what failed.</param>
/// <param name="CheckSet">Where the held-out images came from.</param>
public sealed record KeyQualityCheck(KeyQuality Quality, double FloorDb, bool Passed, bool Forced, string Verdict, string CheckSet)
{
    /// <summary>Below this standard deviation (of a view in [0, 1], ≈ 650 of 65535 levels) a view counts as constant.</summary>
    public const double MinViewStdDev = 0.01;

    /// <summary>Judges <paramref name="quality"/> against <paramref name="floorDb"/>; <paramref name="force"/> records an override.</summary>
    public static KeyQualityCheck Judge(KeyQuality quality, double floorDb, bool force, string checkSet)
    {
        ArgumentNullException.ThrowIfNull(quality);
        var failures = new List<string>();
        if (!double.IsFinite(quality.MeanPsnr) || !double.IsFinite(quality.MinPsnr))
        {
            failures.Add("decryption PSNR is not finite");
        }
        else if (quality.MeanPsnr < floorDb)
        {
            failures.Add($"mean decryption PSNR {quality.MeanPsnr:F1} dB is below the {floorDb:F1} dB floor");
        }

        if (!(quality.MinViewStdDev >= MinViewStdDev))
        {
            failures.Add($"a view is constant or nearly so (standard deviation {quality.MinViewStdDev:G3} < {MinViewStdDev})");
        }

        if (!double.IsFinite(quality.MeanSsim) || !double.IsFinite(quality.MeanAbsPearson))
        {
            failures.Add("the view statistics are not finite");
        }

        var passed = failures.Count == 0;
        return new KeyQualityCheck(quality, floorDb, passed, !passed && force, passed ? "passed" : string.Join("; ", failures), checkSet);
    }

    /// <summary>
    /// Above this texture correlation the view's texture follows the anatomy: measured 0.69–0.84 on
    /// the G(x) views of a quick-preset key (0.74–0.82 on CT and MR slices), at most 0.21 for
    /// independent uniform noise (400 draws), AES-CTR ciphertext and the noise view, and 0.59 or more
    /// for noise whose amplitude varies by a tenth with the image (docs/cipher.md).
    /// </summary>
    public const double TextureLeakWarning = 0.4;

    /// <summary>Whether the held-out views' texture follows the anatomy (a warning, not a failure).</summary>
    public bool TextureLeaks => Quality.MaxTextureCorrelation > TextureLeakWarning;

    /// <summary>The warning printed by keygen and <c>dcg key info</c> when <see cref="TextureLeaks"/>.</summary>
    public string TextureWarning =>
        $"WARNING: the view's texture follows the anatomy (texture correlation up to {Quality.MaxTextureCorrelation:F2}, above {TextureLeakWarning}): " +
        "the G(x) view shows the body's outline and ribs to anyone who opens it in the PACS (docs/security-report.md). " +
        "Gateway:Cipher:View noise stores a view that shows nothing; decryption is exact either way.";

    /// <summary>The figures on one line, for logs and <c>dcg key info</c>.</summary>
    public string Describe() =>
        $"held-out PSNR mean {Quality.MeanPsnr:F2} dB (min {Quality.MinPsnr:F2}, floor {FloorDb:F1}) on {Quality.Images} image(s) ({CheckSet}); " +
        $"view SSIM {Quality.MeanSsim:F3} (max {Quality.MaxSsim:F3}), |Pearson| {Quality.MeanAbsPearson:F3} (max {Quality.MaxAbsPearson:F3}), " +
        $"blurred {Quality.MeanAbsPearsonBlurred:F3}, edges {Quality.MeanAbsEdgeCorrelation:F3} (max {Quality.MaxAbsEdgeCorrelation:F3}), view std {Quality.MinViewStdDev:F3} (min)" +
        // NaN: the key was made before the texture figure existed; say so rather than leave it out.
        (double.IsNaN(Quality.MaxTextureCorrelation) ? ", texture not measured; " : $", texture {Quality.MeanTextureCorrelation:F3} (max {Quality.MaxTextureCorrelation:F3}); ") +
        (Passed ? "passed" : Forced ? $"FAILED, written with --force: {Verdict}" : $"FAILED: {Verdict}");
}

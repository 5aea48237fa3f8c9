namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// How a key does on held-out images (means, and worst cases for the leakage measures):
/// decryption PSNR of F(stored G(x)) in dB, and what the view G(x) shares with x: SSIM, Pearson
/// correlation at full resolution and after a σ = 4 blur, and the correlation of the edge maps
/// (Sobel magnitude after a σ = 2 blur), which sees ribs and outlines the other measures miss;
/// and the smallest standard deviation of a view in [0, 1]: a constant view scores Pearson 0 and
/// SSIM near 0 but hides nothing because it holds nothing (F cannot decrypt it either). The
/// texture correlation (<see cref="Metrics.ImageMetrics.TextureCorrelation"/>) is reported, not
/// judged: it sees the anatomy the other measures miss, and every key of the quick preset shows it.
/// Keys made before it existed read it as NaN.
/// </summary>
public sealed record KeyQuality(
    double MeanPsnr,
    double MinPsnr,
    double MeanSsim,
    double MaxSsim,
    double MeanAbsPearson,
    double MaxAbsPearson,
    double MeanAbsPearsonBlurred,
    double MeanAbsEdgeCorrelation,
    double MaxAbsEdgeCorrelation,
    int Images,
    double MinViewStdDev = double.NaN,
    double MeanTextureCorrelation = double.NaN,
    double MaxTextureCorrelation = double.NaN);

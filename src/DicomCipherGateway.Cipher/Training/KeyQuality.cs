namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// How a key does on held-out images (means, and worst cases for the leakage measures):
/// decryption PSNR of F(stored G(x)) in dB, and what the view G(x) shares with x.
/// </summary>
public sealed record KeyQuality(
    double MeanPsnr,
    double MinPsnr,
    double MeanSsim,
    double MaxSsim,
    double MeanAbsPearson,
    double MaxAbsPearson,
    double MeanAbsPearsonBlurred,
    int Images);

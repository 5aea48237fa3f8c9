using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Training;
using SkiaSharp;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>The PNGs of ROI mining: the validation Dice curve and a mask overlay.</summary>
public static class RoiPictures
{
    /// <summary>Validation Dice of each lung against the step, and the training loss.</summary>
    public static void SaveDiceCurve(IReadOnlyList<RoiTrainingProgress> history, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(history);
        var validated = history.Where(h => !double.IsNaN(h.ValidationDiceLeft)).ToList();
        var curves = new List<(string, double[], double[])>
        {
            ("validation Dice, left lung", validated.Select(h => (double)h.Step).ToArray(), validated.Select(h => h.ValidationDiceLeft).ToArray()),
            ("validation Dice, right lung", validated.Select(h => (double)h.Step).ToArray(), validated.Select(h => h.ValidationDiceRight).ToArray()),
            ("training loss", history.Select(h => (double)h.Step).ToArray(), history.Select(h => h.Loss).ToArray()),
        };
        LossCurvePlot.SaveCurves(path, title, "step", "Dice / loss", curves);
    }

    /// <summary>
    /// The image as grey (for a ciphertext object: the view, never a decryption) with the left lung
    /// tinted blue and the right lung orange, as a PNG.
    /// </summary>
    public static void SaveOverlay(FloatImage image, RoiPrediction prediction, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(prediction);
        using var bitmap = new SKBitmap(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var i = (y * image.Width) + x;
                var g = (byte)Math.Round(Math.Clamp(image.Pixels[i], 0f, 1f) * 255f);
                var color = prediction.LeftLung[i] != 0 ? Blend(g, 60, 140, 255)
                    : prediction.RightLung[i] != 0 ? Blend(g, 255, 150, 40)
                    : new SKColor(g, g, g);
                bitmap.SetPixel(x, y, color);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    private static SKColor Blend(byte grey, byte r, byte g, byte b) =>
        new((byte)((grey + r) / 2), (byte)((grey + g) / 2), (byte)((grey + b) / 2));
}

using SkiaSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// The demo's pictures: what the PACS shows (Orthanc's own rendering) beside the original (DCMTK's
/// rendering), and the check that neither is blank: a constant picture means nothing was shown.
/// </summary>
internal static class DemoPictures
{
    /// <summary>Below this standard deviation (of 8-bit luminance) a picture counts as constant.</summary>
    public const double MinStdDev = 2.0;

    private const int Gap = 16;
    private const int Caption = 28;

    /// <summary>The standard deviation of a PNG's luminance (0..255); fails when the file is not a picture.</summary>
    public static double LuminanceStdDev(string png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new DemoFailedException($"{png} is not a picture");
        double sum = 0, sumSquares = 0;
        var n = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var l = (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);
                sum += l;
                sumSquares += l * l;
                n++;
            }
        }

        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, (sumSquares / n) - (mean * mean)));
    }

    /// <summary>Writes <paramref name="left"/> and <paramref name="right"/> side by side, each captioned, into <paramref name="output"/>.</summary>
    public static void SideBySide(string left, string leftCaption, string right, string rightCaption, string output)
    {
        using var a = SKBitmap.Decode(left) ?? throw new DemoFailedException($"{left} is not a picture");
        using var b = SKBitmap.Decode(right) ?? throw new DemoFailedException($"{right} is not a picture");
        var width = a.Width + Gap + b.Width;
        var height = Caption + Math.Max(a.Height, b.Height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        canvas.DrawBitmap(a, 0, Caption);
        canvas.DrawBitmap(b, a.Width + Gap, Caption);
        using var font = new SKFont(SKTypeface.Default, 16);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(leftCaption, 4, 20, font, paint);
        canvas.DrawText(rightCaption, a.Width + Gap + 4, 20, font, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(output);
        data.SaveTo(file);
    }
}

using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>The report's figures as PNGs, drawn with ScottPlot headless as the loss curve is.</summary>
public static class ReportFigures
{
    /// <summary>The 256-bin histogram of an 8-bit image (the paper's Fig. 5).</summary>
    public static void Histogram(GrayImage image, string title, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        var counts = HistogramUniformity.Histogram(image.Pixels).Select(c => (double)c).ToArray();
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = 1;
            bar.LineWidth = 0;
        }

        plot.Title(title);
        plot.XLabel("grey level");
        plot.YLabel("pixels");
        plot.SavePng(path, 700, 400);
    }

    /// <summary>Pairs of neighbouring grey levels as dots.</summary>
    public static void Scatter(double[] a, double[] b, string title, string path)
    {
        var plot = new ScottPlot.Plot();
        var dots = plot.Add.Scatter(a, b);
        dots.LineWidth = 0;
        dots.MarkerSize = 2;
        plot.Axes.SetLimits(0, 255, 0, 255);
        plot.Title(title);
        plot.XLabel("pixel (x, y)");
        plot.YLabel("neighbour");
        plot.SavePng(path, 420, 420);
    }

    /// <summary>Lines of y against x (one per series), x on a log axis when asked.</summary>
    public static void Lines(IReadOnlyList<(string Label, double[] X, double[] Y)> series, string title, string xLabel, string yLabel, string path, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new ScottPlot.Plot();
        foreach (var (label, x, y) in series)
        {
            var line = plot.Add.Scatter(logX ? x.Select(Math.Log10).ToArray() : x, y);
            line.LegendText = label;
            line.MarkerSize = 6;
        }

        plot.Title(title);
        plot.XLabel(logX ? xLabel + " (log10)" : xLabel);
        plot.YLabel(yLabel);
        // Outside the axes: inside, it hid the points that matter most (the largest N, bottom right).
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.SavePng(path, 1000, 480);
    }

    /// <summary>One bar per label.</summary>
    public static void Bars(IReadOnlyList<(string Label, double Value)> bars, string title, string yLabel, string path)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = new ScottPlot.Plot();
        plot.Add.Bars(bars.Select(b => b.Value).ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.SavePng(path, 900, 480);
    }

    /// <summary>An 8-bit image as a greyscale PNG, pixel for pixel.</summary>
    public static void Image(GrayImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(image.Width, image.Height, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, bitmap.GetPixels(), image.Pixels.Length);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>
    /// Same-sized images side by side on a white strip, each stretched from its own minimum to its
    /// maximum: maps such as texture energy have no natural grey scale, and the eye judges shape.
    /// </summary>
    public static void Panels(IReadOnlyList<float[]> panels, int width, int height, string path)
    {
        ArgumentNullException.ThrowIfNull(panels);
        const int gap = 6;
        var stripWidth = (panels.Count * width) + ((panels.Count - 1) * gap);
        var pixels = new byte[stripWidth * height];
        Array.Fill(pixels, (byte)255);
        for (var p = 0; p < panels.Count; p++)
        {
            var panel = GrayImage.From(FloatImage.Stretched(width, height, panels[p])).Pixels;
            for (var y = 0; y < height; y++)
            {
                Array.Copy(panel, y * width, pixels, (y * stripWidth) + (p * (width + gap)), width);
            }
        }

        Image(new GrayImage(stripWidth, height, pixels), path);
    }
}

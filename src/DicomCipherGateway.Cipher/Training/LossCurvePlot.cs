namespace DicomCipherGateway.Cipher.Training;

/// <summary>Draws the loss history of a key generation run (and other training curves) as a PNG (ScottPlot, headless).</summary>
public static class LossCurvePlot
{
    /// <summary>Writes the reconstruction, adversarial, discriminator and correlation losses against the step.</summary>
    public static void Save(IReadOnlyList<TrainingProgress> history, string path, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("There is no loss history to plot.", nameof(history));
        }

        var plot = new ScottPlot.Plot();
        var steps = history.Select(h => (double)h.Step).ToArray();
        Add(plot, steps, history.Select(h => h.ReconstructionLoss), "L1 reconstruction |F(q(G(x))) - x|");
        Add(plot, steps, history.Select(h => h.AdversarialLoss), "G adversarial");
        Add(plot, steps, history.Select(h => h.DiscriminatorLoss), "D");
        Add(plot, steps, history.Select(h => h.CorrelationLoss), "correlation penalty");
        plot.Title("DLEDNet key generation");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    /// <summary>Draws named curves against a common x axis (also the validation Dice curve of ROI training).</summary>
    public static void SaveCurves(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Label, double[] X, double[] Y)> curves, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0 || curves.All(c => c.X.Length == 0))
        {
            throw new ArgumentException("There is nothing to plot.", nameof(curves));
        }

        var plot = new ScottPlot.Plot();
        foreach (var (label, x, y) in curves)
        {
            Add(plot, x, y, label);
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    private static void Add(ScottPlot.Plot plot, double[] steps, IEnumerable<double> values, string label)
    {
        var line = plot.Add.Scatter(steps, values.ToArray());
        line.LegendText = label;
        line.MarkerSize = 0;
    }
}

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Draws the loss history of a key generation run as a PNG (ScottPlot, headless).</summary>
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

    private static void Add(ScottPlot.Plot plot, double[] steps, IEnumerable<double> values, string label)
    {
        var line = plot.Add.Scatter(steps, values.ToArray());
        line.LegendText = label;
        line.MarkerSize = 0;
    }
}

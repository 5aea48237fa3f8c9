// Draws the ROI comparison of docs/roi-mining.md from what the runs printed:
//   validation Dice curves: the "val Dice L x R y" lines of each `dcg roi train` log;
//   held-out Dice bars: the "Dice left x right y" line of each `dcg roi evaluate` log;
//   the input-blind position prior (bench/roi/prior.py) as a reference in both.
// Usage: dotnet run -c Release -- OUT_PREFIX PRIOR_LEFT PRIOR_RIGHT curve:LABEL=TRAIN.log ... bar:LABEL=EVAL.log ... value:LABEL=LEFT,RIGHT ...
using System.Globalization;
using System.Text.RegularExpressions;
using DicomCipherGateway.Cipher.Training;

var prefix = args[0];
var prior = (Left: Parse(args[1]), Right: Parse(args[2]));
var curves = new List<(string, double[], double[])>();
var bars = new List<(string Label, double Left, double Right)>();
var maxStep = 1.0;
foreach (var arg in args.Skip(3))
{
    var (kind, rest) = (arg[..arg.IndexOf(':')], arg[(arg.IndexOf(':') + 1)..]);
    var (label, path) = (rest[..rest.IndexOf('=')], rest[(rest.IndexOf('=') + 1)..]);
    if (kind == "curve")
    {
        var text = File.ReadAllText(path);
        var points = Regex.Matches(text, @"step (\d+)/\d+ .*?val Dice L ([\d.]+) R ([\d.]+)").Select(m => (Step: Parse(m.Groups[1].Value), L: Parse(m.Groups[2].Value), R: Parse(m.Groups[3].Value))).ToList();
        if (points.Count == 0)
        {
            throw new InvalidDataException($"{path}: no validation Dice lines");
        }

        maxStep = Math.Max(maxStep, points.Max(p => p.Step));
        curves.Add(($"{label}, left", points.Select(p => p.Step).ToArray(), points.Select(p => p.L).ToArray()));
        curves.Add(($"{label}, right", points.Select(p => p.Step).ToArray(), points.Select(p => p.R).ToArray()));
    }
    else if (kind == "value")
    {
        // A number measured elsewhere (the paper's), given as LEFT,RIGHT instead of a log.
        var parts = path.Split(',');
        bars.Add((label, Parse(parts[0]), Parse(parts[1])));
    }
    else
    {
        var m = Regex.Match(File.ReadAllText(path), @"images, Dice left ([\d.]+) right ([\d.]+)");
        if (!m.Success)
        {
            throw new InvalidDataException($"{path}: no Dice line");
        }

        bars.Add((label, Parse(m.Groups[1].Value), Parse(m.Groups[2].Value)));
    }
}

curves.Add(("input-blind position prior (test set), left", [0, maxStep], [prior.Left, prior.Left]));
curves.Add(("input-blind position prior (test set), right", [0, maxStep], [prior.Right, prior.Right]));
LossCurvePlot.SaveCurves(prefix + "-validation-dice.png", "ROI mining: validation Dice (8 images) during training", "step", "Dice", curves, 1000, 600);

bars.Insert(0, ("position prior", prior.Left, prior.Right));
var plot = new ScottPlot.Plot();
var placed = new List<ScottPlot.Bar>();
for (var i = 0; i < bars.Count; i++)
{
    placed.Add(new ScottPlot.Bar { Position = 3 * i, Value = bars[i].Left, FillColor = ScottPlot.Colors.SteelBlue, Label = bars[i].Left.ToString("0.000", CultureInfo.InvariantCulture) });
    placed.Add(new ScottPlot.Bar { Position = 3 * i + 1, Value = bars[i].Right, FillColor = ScottPlot.Colors.DarkOrange, Label = bars[i].Right.ToString("0.000", CultureInfo.InvariantCulture) });
}

var barPlot = plot.Add.Bars(placed);
barPlot.ValueLabelStyle.FontSize = 11;
plot.Axes.Bottom.SetTicks(bars.Select((_, i) => 3.0 * i + 0.5).ToArray(), bars.Select(b => b.Label).ToArray());
plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
plot.Axes.Bottom.MinimumSize = 150;
plot.Axes.SetLimitsY(0, 1.08);
plot.Title("ROI mining: Dice on 32 held-out images (blue left lung, orange right lung)");
plot.YLabel("Dice");
plot.SavePng(prefix + "-test-dice.png", 1300, 650);
Console.Error.WriteLine($"wrote {prefix}-validation-dice.png and {prefix}-test-dice.png");

static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

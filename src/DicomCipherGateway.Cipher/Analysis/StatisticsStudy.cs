using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Pixels;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// Section 1: histogram χ², global and local entropy, adjacent-pixel correlation and SP 800-22, on
/// our view, AES-256-GCM and OS-random images with the same code, each critical value beside every
/// source's pass rate.
/// </summary>
public static class StatisticsStudy
{
    private static readonly Adjacency[] Directions = [Adjacency.Horizontal, Adjacency.Vertical, Adjacency.Diagonal];

    public static void Run(AnalysisContext context, IReadOnlyList<ICipherSource> sources)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sources);
        var report = context.Report;
        var options = context.Options;
        var plaintexts = context.Plaintexts(0, options.StatisticImages);
        var ids = Enumerable.Range(0, plaintexts.Count).Select(i => AnalysisContext.ObjectId(i)).ToArray();
        var pixels = context.Width * context.Height;
        report.Heading("1. Statistics of the ciphertext");
        report.Paragraph($"{plaintexts.Count} images of {context.Width}×{context.Height}, each statistic on the 8-bit form of the image (the view rounded from its stored 16 bits). "
            + "Passing these tests shows only that the images look random to them: Preishuber et al. (IEEE TIFS 2018) built plainly insecure ciphers that pass every one.");

        var cipherImages = sources.Select(s =>
        {
            context.Progress.Report($"statistics: encrypting {plaintexts.Count} images with {s.Name}");
            return s.Encrypt(plaintexts, ids);
        }).ToArray();
        var plainImages = plaintexts.Select(GrayImage.From).ToArray();

        // Figures: histogram and neighbour scatter of the first plaintext and its view (Fig. 5).
        ReportFigures.Histogram(plainImages[0], "plaintext histogram", report.FigurePath("histogram-plaintext.png", "Histogram of the plaintext (paper Fig. 5(b))"));
        ReportFigures.Histogram(cipherImages[0][0], $"{sources[0].Name} histogram", report.FigurePath("histogram-view.png", "Histogram of the view (paper Fig. 5(d))"));
        ReportFigures.Image(plainImages[0], report.FigurePath("plaintext.png", "Plaintext"));
        ReportFigures.Image(cipherImages[0][0], report.FigurePath("view.png", "The view the PACS holds"));

        var json = new JsonObject();
        var chiCritical = CriticalValues.HistogramChiSquare(0.05);
        var expectedEntropy = CriticalValues.ExpectedEntropy(pixels);
        var rows = new List<string[]>();
        var entropyRows = new List<string[]>();
        var correlationRows = new List<string[]>();
        var random = new Random(context.Options.Seed);
        foreach (var (name, images) in new[] { ("plaintext", (IReadOnlyList<GrayImage>)plainImages) }.Concat(sources.Select((s, i) => (s.Name, cipherImages[i]))))
        {
            context.Progress.Report($"statistics: {name}");
            var chi = images.Select(i => HistogramUniformity.ChiSquare(i.Pixels)).ToArray();
            var entropy = images.Select(i => GlobalEntropy.Of(i.Pixels)).ToArray();
            var local = images.Select(i => LocalEntropy.Of(i, random)).ToArray();
            var sourceJson = new JsonObject
            {
                ["images"] = images.Count,
                ["chiSquareMean"] = N(chi.Average()),
                ["chiSquarePassRate"] = N(chi.Count(c => c <= chiCritical) / (double)chi.Length),
                ["entropyMean"] = N(entropy.Average()),
                ["localEntropyMean"] = N(local.Average()),
            };
            rows.Add([name, F(chi.Average(), 1), Pct(chi.Count(c => c <= chiCritical) / (double)chi.Length), F(entropy.Average(), 4), F(entropy.Min(), 4)]);
            var entropyRow = new List<string> { name, F(local.Average(), 5) };
            foreach (var alpha in CriticalValues.Alphas)
            {
                var published = LocalEntropyDistribution.PublishedInterval(alpha);
                var corrected = LocalEntropyDistribution.CorrectedInterval(alpha);
                var pPass = local.Count(published.Contains) / (double)local.Length;
                var cPass = local.Count(corrected.Contains) / (double)local.Length;
                entropyRow.Add(Pct(pPass));
                entropyRow.Add(Pct(cPass));
                sourceJson[$"localEntropyPublishedPassRate_{alpha}"] = N(pPass);
                sourceJson[$"localEntropyCorrectedPassRate_{alpha}"] = N(cPass);
            }

            entropyRows.Add(entropyRow.ToArray());
            var correlationRow = new List<string> { name };
            foreach (var direction in Directions)
            {
                var r = images.Select(i => AdjacentCorrelation.Of(i, direction)).ToArray();
                var bound = AdjacentCorrelation.Bound(AdjacentCorrelation.Pairs(images[0], direction));
                var pass = r.Count(v => Math.Abs(v) < bound) / (double)r.Length;
                correlationRow.Add($"{F(r.Average(), 4)} ({Pct(pass, 0)})");
                sourceJson[$"correlation{direction}Mean"] = N(r.Average());
                sourceJson[$"correlation{direction}PassRate"] = N(pass);
            }

            correlationRows.Add(correlationRow.ToArray());
            json[name] = sourceJson;
        }

        report.Heading("Histogram χ² and global entropy", 3);
        report.Paragraph($"χ² against the flat histogram, 255 degrees of freedom: reject above {F(chiCritical, 2)} at α = 0.05. "
            + $"Global entropy: the expectation for {pixels:N0} uniform pixels is {F(expectedEntropy, 4)} bits (not 8). Paper Table IV: 7.94–7.97.");
        report.Table(["source", "χ² mean", "χ² pass rate (α = 0.05)", "entropy mean", "entropy min"], rows);

        report.Heading("Local Shannon entropy (k = 30 blocks of 1,936 pixels)", 3);
        var sd = LocalEntropyDistribution.StandardDeviation(LocalEntropyDistribution.BlockPixels);
        var disjoint = LocalEntropy.HasDisjointBlocks(plainImages[0]);
        report.Paragraph($"Derived exactly from the multinomial distribution of 1,936 uniform pixels: mean {F(LocalEntropyDistribution.ExpectedEntropy(LocalEntropyDistribution.BlockPixels), 9)}, "
            + $"per-block standard deviation {F(sd, 6)}. The mean of k = 30 blocks has spread σ/√k = {F(sd / Math.Sqrt(30), 6)}; Wu et al. (2013) divided by k ({F(sd / 30, 6)}), "
            + "so their interval is √30 ≈ 5.5 times too narrow and truly random images fail it most of the time. "
            + (disjoint ? "Blocks are 30 disjoint cells of the 44-pixel grid." : $"A {context.Width}×{context.Height} image holds fewer than 30 disjoint 44×44 blocks, so blocks are placed at random and may overlap: the corrected interval is then slightly too narrow too."));
        var intervals = CriticalValues.Alphas.Select(a => (a, LocalEntropyDistribution.PublishedInterval(a), LocalEntropyDistribution.CorrectedInterval(a))).ToArray();
        report.Table(["α", "published interval (Wu et al. 2013)", "corrected interval (σ/√k)"],
            intervals.Select(i => new[] { F(i.a, 3), $"[{F(i.Item2.Low, 6)}, {F(i.Item2.High, 6)}]", $"[{F(i.Item3.Low, 6)}, {F(i.Item3.High, 6)}]" }));
        report.Table(["source", "mean", "published 0.05", "corrected 0.05", "published 0.01", "corrected 0.01", "published 0.001", "corrected 0.001"], entropyRows);

        report.Heading("Adjacent-pixel correlation", 3);
        var pairs = AdjacentCorrelation.Pairs(plainImages[0], Adjacency.Horizontal);
        report.Paragraph($"Mean r, and in brackets the share of images with |r| < 1.96/√N = {F(AdjacentCorrelation.Bound(pairs), 5)} (N = {pairs:N0} pairs).");
        report.Table(["source", "horizontal", "vertical", "diagonal"], correlationRows);
        foreach (var direction in Directions)
        {
            var (pa, pb) = AdjacentCorrelation.Sample(plainImages[0], direction, 3000, random);
            ReportFigures.Scatter(pa, pb, $"plaintext, {direction}", report.FigurePath($"correlation-plaintext-{direction.ToString().ToLowerInvariant()}.png", $"Plaintext neighbours, {direction}"));
            var (va, vb) = AdjacentCorrelation.Sample(cipherImages[0][0], direction, 3000, random);
            ReportFigures.Scatter(va, vb, $"{sources[0].Name}, {direction}", report.FigurePath($"correlation-view-{direction.ToString().ToLowerInvariant()}.png", $"View neighbours, {direction}"));
        }

        json["chiSquareCritical"] = N(chiCritical);
        json["expectedEntropy"] = N(expectedEntropy);
        json["localEntropyBlockSd"] = N(sd);
        json["nist"] = RunNist(context, sources);
        report.Set("statistics", json);
    }

    private static JsonObject RunNist(AnalysisContext context, IReadOnlyList<ICipherSource> sources)
    {
        var report = context.Report;
        var options = context.Options;
        var bytesNeeded = (long)options.NistSequences * options.NistBits / 8;
        var pixels = context.Width * context.Height;
        var imagesNeeded = (int)((bytesNeeded + pixels - 1) / pixels);
        report.Heading("NIST SP 800-22", 3);
        report.Paragraph($"{options.NistSequences} sequences of {options.NistBits:N0} bits cut from {imagesNeeded} concatenated 8-bit images per source (most significant bit first), α = 0.01. "
            + $"A test passes when the proportion of passing sequences is at least p̂ − 3√(p̂(1 − p̂)/s) = {F(NistSuite.MinimumProportion(options.NistSequences), 4)} "
            + $"and (from 55 sequences) the uniformity P-value of the P-values is at least 0.0001."
            + (options.IsQuick ? " **Quick mode: far fewer and shorter sequences than SP 800-22 asks for; indicative only.**" : string.Empty));
        var json = new JsonObject();
        var results = new List<(string Source, IReadOnlyList<NistTestResult> Results)>();
        foreach (var source in sources)
        {
            var stream = new byte[imagesNeeded * (long)pixels];
            const int chunk = 16;
            for (var start = 0; start < imagesNeeded; start += chunk)
            {
                var count = Math.Min(chunk, imagesNeeded - start);
                context.Progress.Report($"SP 800-22: encrypting images {start + 1}–{start + count} of {imagesNeeded} with {source.Name}");
                var images = source.Encrypt(context.Plaintexts(start, count), Enumerable.Range(start, count).Select(i => AnalysisContext.ObjectId(i)).ToArray());
                for (var k = 0; k < count; k++)
                {
                    images[k].Pixels.CopyTo(stream, (start + k) * (long)pixels);
                }
            }

            var sequences = Enumerable.Range(0, options.NistSequences)
                .Select(s => NistSuite.ToBits(stream.AsSpan(s * (options.NistBits / 8), options.NistBits / 8)))
                .ToArray();
            var name = source.Name;
            var outcome = NistSuite.Run(sequences, new Progress<int>(n => context.Progress.Report($"SP 800-22 {name}: sequence {n}/{sequences.Length}")));
            results.Add((name, outcome));
            json[name] = new JsonArray(outcome.Select(r => (JsonNode)new JsonObject
            {
                ["test"] = r.Test,
                ["proportion"] = N(r.Proportion),
                ["uniformityP"] = N(r.UniformityP),
                ["passes"] = r.Passes,
            }).ToArray());
        }

        var header = new List<string> { "test" };
        header.AddRange(results.Select(r => $"{r.Source}: proportion / uniformity P"));
        var tests = results[0].Results.Select(r => r.Test).ToArray();
        report.Table(header, tests.Select((test, t) =>
        {
            var row = new List<string> { test };
            row.AddRange(results.Select(r => $"{F(r.Results[t].Proportion, 2)} / {F(r.Results[t].UniformityP, 4)} {(r.Results[t].Passes ? "pass" : "**FAIL**")}"));
            return (IReadOnlyList<string>)row;
        }));
        json["minimumProportion"] = N(NistSuite.MinimumProportion(options.NistSequences));
        return json;
    }
}

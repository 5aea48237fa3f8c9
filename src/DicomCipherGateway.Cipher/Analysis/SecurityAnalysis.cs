using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>Runs the studies in the issue's order and writes report.md, report.json and the figures.</summary>
public static class SecurityAnalysis
{
    /// <summary>The studies by name, in the report's order (<see cref="AnalysisOptions.Sections"/> picks among them).</summary>
    public static IReadOnlyList<string> SectionNames { get; } = ["statistics", "differential", "fidelity", "keys", "known-plaintext", "ciphertext-only", "speed"];

    public static void Run(AnalysisContext context, IReadOnlyList<Keys.CipherKey> otherKeys)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(otherKeys);
        var report = context.Report;
        var clock = Stopwatch.StartNew();
        var key = context.Key.Metadata;
        report.Heading("Security analysis of a DicomCipherGateway key", 1);
        report.Paragraph($"Key {key.KeyId}: {key.Architecture.ResidualBlocks} residual blocks, preset {key.Training.Preset}, {key.Training.Steps} steps, trained in {key.Training.ElapsedSeconds:F0} s on {key.Training.Device}; "
            + $"view analysed: {(context.Options.View == AnalysedView.G ? "G(x)" : "noise")}; {context.Images.Count} given images of {context.Width}×{context.Height} (more are synthesised when a study needs them). "
            + (context.Options.IsQuick ? "**Quick mode: every study runs with far fewer images, sequences and training steps than the full report; the numbers show the machinery works, not what the cipher is worth.**" : "Full mode."));
        report.Set("key", new JsonObject
        {
            ["id"] = key.KeyId.ToString(),
            ["residualBlocks"] = key.Architecture.ResidualBlocks,
            ["preset"] = key.Training.Preset,
            ["steps"] = key.Training.Steps,
            ["trainingSeconds"] = key.Training.ElapsedSeconds,
            ["view"] = context.Options.View.ToString(),
            ["quick"] = context.Options.IsQuick,
            ["width"] = context.Width,
            ["height"] = context.Height,
        });
        using var aes = new AesGcmSource();
        ICipherSource[] sources = [context.View, aes, new RandomSource()];
        // Saved after every study: a long run that is stopped or fails keeps what it has measured.
        Action[] studies =
        [
            () => StatisticsStudy.Run(context, sources),
            () => DifferentialStudy.Run(context, sources),
            () => FidelityStudy.Run(context),
            () => KeyStudy.Run(context, otherKeys),
            () => KnownPlaintextStudy.Run(context),
            () => CiphertextOnlyStudy.Run(context),
            () => SpeedStudy.Run(context),
        ];
        var picked = context.Options.Sections;
        var skipped = picked is null ? [] : SectionNames.Where(name => !picked.Contains(name)).ToArray();
        if (skipped.Length > 0)
        {
            // A partial run must say so in the report itself, not only on the command line that made it.
            report.Paragraph($"**Partial run: only {string.Join(", ", SectionNames.Where(picked!.Contains))}; not run: {string.Join(", ", skipped)}.**");
        }

        report.Set("sections", new JsonArray(SectionNames.Where(name => picked is null || picked.Contains(name)).Select(name => (JsonNode)JsonValue.Create(name)!).ToArray()));
        for (var i = 0; i < studies.Length; i++)
        {
            if (picked is not null && !picked.Contains(SectionNames[i]))
            {
                continue;
            }

            studies[i]();
            report.Json["seconds"] = clock.Elapsed.TotalSeconds;
            report.Save();
        }
    }
}

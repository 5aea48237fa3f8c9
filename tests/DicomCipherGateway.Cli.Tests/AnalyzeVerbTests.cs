using System.Text.Json.Nodes;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg analyze --quick end to end on a two-step key and small synthetic radiographs: the files, and numbers whose right values are known.</summary>
public sealed class AnalyzeVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string dir = Directory.CreateTempSubdirectory("dcg-analyze-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Three small radiographs and a key trained for two steps on them (no quality gate): enough to exercise every study.</summary>
    private async Task<(string Images, string Key, string Kek)> TwoStepKeyAsync()
    {
        var images = Path.Combine(dir, "images");
        var key = Path.Combine(dir, "k.dcgkey");
        var kek = Path.Combine(dir, "kek");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "data", "synth", "--out", images, "--count", "3", "--size", "88")).ExitCode);
        var keygen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", images, "--kek-file", kek, "--create-kek", "--steps", "2", "--min-psnr", "0", "--threads", "1", "--device", "cpu");
        Assert.True(keygen.ExitCode == 0, keygen.StdErr);
        return (images, key, kek);
    }

    [Fact]
    public async Task Quick_analysis_writes_the_report_with_sane_numbers()
    {
        var (images, key, kek) = await TwoStepKeyAsync();
        var output = Path.Combine(dir, "report");

        var run = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", output, "--quick", "--kek-file", kek);
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("known plaintext", run.StdErr);
        foreach (var file in new[] { "report.md", "report.json", "histogram-view.png", "correlation-view-horizontal.png", "known-plaintext.png", "speed.png", "texture.png" })
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, file);
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains("Quick mode", markdown);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")))!;
        Assert.Equal(293.25, (double)json["statistics"]!["chiSquareCritical"]!, 2);
        Assert.InRange((double)json["statistics"]!["localEntropyBlockSd"]!, 0.0085, 0.0089);
        Assert.True((double)json["statistics"]!["OS random"]!["entropyMean"]! > 7.97);

        // Two independent random images differ in 255/256 of their pixels; G is deterministic; the sealed profile is exact.
        Assert.InRange((double)json["differential"]!["OS random"]!["OnePixelRandom"]!["npcrMean"]!, 0.990, 1.0);
        Assert.True((bool)json["differential"]!["deterministic"]!);
        Assert.Equal((int)json["fidelity"]!["count"]!, (int)json["fidelity"]!["sealedExact"]!);
        Assert.Equal((int)json["fidelity"]!["count"]!, (int)json["fidelity"]!["sealedTamperRejected"]!);

        // The key gate's texture figure, for the view and for the noise view.
        foreach (var source in new[] { "view G(x)", "noise view" })
        {
            Assert.InRange((double)json["ciphertextOnly"]!["texture"]![source]!["max"]!, 0, 1);
        }

        // Chosen plaintext: three families of images an attacker can make, each scored.
        var families = json["chosenPlaintext"]!["families"]!.AsArray();
        Assert.Equal(3, families.Count);
        Assert.All(families, f => Assert.InRange((double)f!["psnr"]!, 1, 60));

        // The permutation-only control breaks with 16 known pairs.
        var permutation = json["knownPlaintext"]!["permutationOnly"]!.AsArray();
        Assert.True((double)permutation[^1]!["psnr"]! > 30, permutation.ToJsonString());
    }

    [Fact]
    public async Task Sections_run_only_the_studies_asked_for_and_the_report_names_the_others()
    {
        var (images, key, kek) = await TwoStepKeyAsync();
        var output = Path.Combine(dir, "report");

        var run = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", output, "--quick", "--kek-file", kek, "--sections", "fidelity,speed");
        Assert.True(run.ExitCode == 0, run.StdErr);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")))!;
        Assert.NotNull(json["fidelity"]);
        Assert.NotNull(json["speed"]);
        Assert.Null(json["statistics"]);
        Assert.Null(json["knownPlaintext"]);
        Assert.Equal(["fidelity", "speed"], json["sections"]!.AsArray().Select(n => (string)n!));
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains("not run: statistics, differential, keys, known-plaintext, ciphertext-only", markdown);

        var attack = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", Path.Combine(dir, "attack"), "--quick", "--kek-file", kek, "--sections", "known-plaintext", "--attack-pairs", "3", "2", "--attack-steps", "2");
        Assert.True(attack.ExitCode == 0, attack.StdErr);
        var known = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "attack", "report.json")))!["knownPlaintext"]!;
        Assert.Equal(2, (int)known["steps"]!);
        Assert.Equal([2, 3], known["byPairs"]!.AsArray().Select(row => (int)row!["pairs"]!));

        // The noise view is keyed by the object's UID: the same pixels in two objects must not give the same view.
        var noise = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", Path.Combine(dir, "noise"), "--quick", "--kek-file", kek, "--view", "noise", "--sections", "differential");
        Assert.True(noise.ExitCode == 0, noise.StdErr);
        Assert.False((bool)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "noise", "report.json")))!["differential"]!["deterministic"]!);

        var unknown = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", Path.Combine(dir, "o"), "--quick", "--kek-file", kek, "--sections", "fidelity,attacks");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--sections: unknown attacks", unknown.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir, "o")));
    }

    [Fact]
    public async Task A_key_of_another_depth_is_the_papers_hidden_factors_leaked_adversary()
    {
        var (images, key, kek) = await TwoStepKeyAsync();
        var other = Path.Combine(dir, "deeper.dcgkey");
        var keygen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", other, "--training", images, "--kek-file", kek, "--steps", "2", "--min-psnr", "0", "--threads", "1", "--device", "cpu", "--residual-blocks", "2");
        Assert.True(keygen.ExitCode == 0, keygen.StdErr);
        Assert.Contains("2 residual blocks", keygen.StdErr);
        var info = await DcgProcess.RunAsync(Timeout, "key", "info", other, "--kek-file", kek);
        Assert.Contains("2 residual blocks", info.StdOut);

        var run = await DcgProcess.RunAsync(Timeout, "analyze", "--key", key, "--images", images, "--out", Path.Combine(dir, "keys"), "--quick", "--kek-file", kek, "--sections", "keys", "--other-key", other);
        Assert.True(run.ExitCode == 0, run.StdErr);
        var adversaries = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "keys", "report.json")))!["otherKeys"]!["adversaries"]!.AsArray();
        Assert.Equal("hidden factors leaked (other depth, Table V)", (string)Assert.Single(adversaries)!["model"]!);

        var bad = await DcgProcess.RunAsync(Timeout, "keygen", "-o", Path.Combine(dir, "flat.dcgkey"), "--training", images, "--kek-file", Path.Combine(dir, "kek-unused"), "--create-kek", "--residual-blocks", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--residual-blocks must be between 1 and 64", bad.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "kek-unused")));
    }

    [Fact]
    public async Task Bad_view_and_missing_folder_are_clear_errors()
    {
        var bad = await DcgProcess.RunAsync(Timeout, "analyze", "--key", Path.Combine(dir, "none.dcgkey"), "--images", dir, "--out", Path.Combine(dir, "o"), "--view", "rot13", "--kek-file", Path.Combine(dir, "kek"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--view must be g or noise", bad.StdErr);
        var missing = await DcgProcess.RunAsync(Timeout, "analyze", "--key", Path.Combine(dir, "none.dcgkey"), "--images", Path.Combine(dir, "nowhere"), "--out", Path.Combine(dir, "o"), "--kek-file", Path.Combine(dir, "kek"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("does not exist", missing.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir, "o")));
    }
}

using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

public sealed class DumpAndConvertTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory dir = new("dcg-cli");
    private string ct = string.Empty;

    public async Task InitializeAsync() => ct = await DicomTestData.CtSliceAsync(dir.Path, "ct.dcm", 16, 16);

    public Task DisposeAsync()
    {
        dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Dump_lists_meta_dataset_sequences_and_private_creators()
    {
        var r = await DcgProcess.RunAsync(Timeout, "dump", ct);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(0002,0010) UI [1.2.840.10008.1.2.1]", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0008,1140) SQ (Sequence with explicit length #=1) # ReferencedImageSequence", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("    (0008,1155) UI [1.2.3.4.5]", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Private element of \"ACME 1.0\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0028,0010) US 16", r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ivrle", "LittleEndianImplicit")]
    [InlineData("1.2.840.10008.1.2.2", "BigEndianExplicit")]
    [InlineData("DeflatedExplicitVRLittleEndian", "DeflatedLittleEndianExplicit")]
    public async Task Convert_writes_a_file_dcmdump_reads_without_warnings(string syntax, string dcmtkName)
    {
        var output = dir.File($"out-{syntax}.dcm");
        var r = await DcgProcess.RunAsync(Timeout, "convert", ct, output, "--transfer-syntax", syntax);
        Assert.Equal(0, r.ExitCode);
        var dump = await DcmtkTools.RunAsync("dcmdump", output);
        Assert.Equal(0, dump.ExitCode);
        Assert.Equal(string.Empty, dump.StdErr.Trim());
        Assert.Contains($"(0002,0010) UI ={dcmtkName}", dump.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_to_rle_is_decoded_by_dcmdrle_to_the_source_pixels_and_converts_back()
    {
        var rle = dir.File("ct-rle.dcm");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "convert", ct, rle, "-t", "rle")).ExitCode);
        var dump = (await DcmtkTools.RunAsync("dcmdump", rle)).EnsureNoWarnings();
        Assert.Contains("(0002,0010) UI =RLELossless", dump.StdOut, StringComparison.Ordinal);

        var theirs = dir.File("ct-dcmdrle.dcm");
        (await DcmtkTools.RunAsync("dcmdrle", rle, theirs)).EnsureNoWarnings();
        var ours = dir.File("ct-back.dcm");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "convert", rle, ours, "-t", "1.2.840.10008.1.2.1")).ExitCode);

        var source = PixelDataLine(await DcmtkTools.DumpAsync(ct, "+L"));
        Assert.Equal(source, PixelDataLine(await DcmtkTools.DumpAsync(theirs, "+L")));
        Assert.Equal(source, PixelDataLine(await DcmtkTools.DumpAsync(ours, "+L")));
    }

    [Fact]
    public async Task Errors_are_one_line_with_documented_exit_codes()
    {
        var missing = await DcgProcess.RunAsync(Timeout, "dump", dir.File("nope.dcm"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.StdErr.Trim().Split('\n'));

        var truncated = dir.File("truncated.dcm");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(ct))[..^10]);
        var malformed = await DcgProcess.RunAsync(Timeout, "dump", truncated);
        Assert.Equal(3, malformed.ExitCode);
        Assert.Contains("offset", malformed.StdErr, StringComparison.Ordinal);
        Assert.Single(malformed.StdErr.Trim().Split('\n'));

        var badSyntax = await DcgProcess.RunAsync(Timeout, "convert", ct, dir.File("x.dcm"), "-t", "no-such-syntax");
        Assert.Equal(1, badSyntax.ExitCode);

        var jpeg = await DcgProcess.RunAsync(Timeout, "convert", ct, dir.File("x.dcm"), "-t", "1.2.840.10008.1.2.4.50");
        Assert.Equal(4, jpeg.ExitCode);
        Assert.Equal("dcg convert: not supported: no codec for JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50)", jpeg.StdErr.Trim());
        Assert.False(File.Exists(dir.File("x.dcm")));

        var rleFile = dir.File("errors-rle.dcm");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "convert", ct, rleFile, "-t", "rle")).ExitCode);
        var bytes = await File.ReadAllBytesAsync(rleFile);
        var corrupt = dir.File("corrupt-rle.dcm");
        // The fragment's RLE header: 2 segments (16-bit mono), the first at offset 64. Claim 5 segments.
        var header = bytes.AsSpan().IndexOf(new byte[] { 2, 0, 0, 0, 64, 0, 0, 0 });
        Assert.True(header > 0);
        bytes[header] = 5;
        await File.WriteAllBytesAsync(corrupt, bytes);
        var bad = await DcgProcess.RunAsync(Timeout, "convert", corrupt, dir.File("y.dcm"), "-t", "evrle");
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("RLE", bad.StdErr, StringComparison.Ordinal);
        Assert.Single(bad.StdErr.Trim().Split('\n'));
        Assert.False(File.Exists(dir.File("y.dcm")));
    }

    private static string PixelDataLine(string dump) =>
        dump.Split('\n').Single(l => l.StartsWith("(7fe0,0010)", StringComparison.Ordinal));
}

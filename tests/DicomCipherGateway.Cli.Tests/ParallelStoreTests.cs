using System.Globalization;
using System.Text.RegularExpressions;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary><c>dcg store --associations N</c> against DCMTK storescp (one child process per association).</summary>
public sealed partial class ParallelStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("dcg-cli-parallel");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Store_over_four_associations_delivers_every_file_unchanged_to_storescp()
    {
        var inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        for (var i = 0; i < 12; i++)
        {
            await DicomTestData.CtSliceAsync(inputs, $"ct{i:D2}.dcm", 16 + i, 16);
        }

        var received = Directory.CreateDirectory(_dir.Combine("received")).FullName;
        await using var storescp = await ToolProcess.StartListeningAsync(
            "storescp", port => ["-v", "--fork", "-aet", "STORE-SCP", "+xa", "-od", received, port.ToString(CultureInfo.InvariantCulture)]);

        var store = await DcgProcess.RunAsync(Timeout, "store", "-p", storescp.Port.ToString(CultureInfo.InvariantCulture), "--aec", "STORE-SCP", "--associations", "4", inputs);

        Assert.True(store.ExitCode == 0, store.StdErr + store.StdOut);
        Assert.Contains("Stored 12 of 12 DICOM files", store.StdOut, StringComparison.Ordinal);
        Assert.Contains("on 4 associations", store.StdOut, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"[{i}/12]").Order(StringComparer.Ordinal), ProgressCounter().Matches(store.StdOut).Select(m => m.Value).Order(StringComparer.Ordinal));
        Assert.Equal(4, AssociationAcknowledged().Count(storescp.Output));
        AssertSameObjects(Directory.GetFiles(inputs, "*.dcm"), Directory.GetFiles(received));
    }

    [Fact]
    public async Task Associations_out_of_range_is_a_usage_error()
    {
        var result = await DcgProcess.RunAsync(Timeout, "store", "-p", "1", "--associations", "0", _dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--associations must be between 1 and 32", result.StdErr, StringComparison.Ordinal);
    }

    private static void AssertSameObjects(string[] sent, string[] arrived)
    {
        static Dictionary<string, byte[]> Load(IEnumerable<string> paths) => paths.Select(p => DicomFile.Open(p)).ToDictionary(
            f => f.Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' '),
            f => DicomDatasetWriter.ToArray(f.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { SequenceLengths = SequenceLengthMode.Undefined }));
        var expected = Load(sent);
        var actual = Load(arrived);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (uid, bytes) in expected)
        {
            Assert.Equal(bytes, actual[uid]);
        }
    }

    [GeneratedRegex(@"\[\d+/12\]")]
    private static partial Regex ProgressCounter();

    [GeneratedRegex("Association Acknowledged")]
    private static partial Regex AssociationAcknowledged();
}

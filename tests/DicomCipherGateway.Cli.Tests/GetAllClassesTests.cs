using System.Globalization;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>
/// <c>dcg get</c> of a study holding RT Plan, RT Structure Set, SR, 12-lead ECG, Segmentation,
/// US, US multi-frame and NM objects from dcmqrscp (issue 10: the RT Plan used to fail, since a
/// fixed list of 120 classes missed it). Nothing is lost.
/// </summary>
public sealed class GetAllClassesTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new("dcg-cli-get-classes");

    public void Dispose() => _dir.Dispose();

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Get_retrieves_every_class_of_a_mixed_study_from_dcmqrscp()
    {
        var inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        var files = await ClinicalObjects.MixedStudyAsync(inputs);
        await using var qr = await DcmqrscpPeer.StartAsync(_dir.Combine("qr"));
        string[] peer = ["-p", P(qr.Port), "--aec", qr.AeTitle];
        var store = await DcgProcess.RunAsync(Timeout, ["store", .. peer, .. files]);
        Assert.True(store.ExitCode == 0, store.StdErr + store.StdOut + qr.Output);

        var got = _dir.Combine("got");
        var get = await DcgProcess.RunAsync(Timeout, ["get", .. peer, "-o", got, "-k", $"StudyInstanceUID={ClinicalObjects.StudyUid}"]);

        Assert.True(get.ExitCode == 0, get.StdErr + get.StdOut + qr.Output);
        // dcmqrscp's index answers IMAGE-level C-FIND without SOP Class UID (Orthanc's answer is proven in Dicom.Tests' CGetRetrieverOrthancTests).
        Assert.Contains("the peer did not tell the classes of its 8 instances", get.StdOut, StringComparison.Ordinal);
        Assert.Contains("final 0000 (Success): 8 completed, 0 failed", get.StdOut, StringComparison.Ordinal);
        DicomAssert.SameObjects(files, Directory.GetFiles(got, "*.dcm"));
    }
}

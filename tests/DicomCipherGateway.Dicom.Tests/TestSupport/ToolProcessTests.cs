using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.TestSupport;

/// <summary>The shared peer runner works: storescp on a free port receives a file from storescu and is stopped.</summary>
public class ToolProcessTests
{
    [Fact]
    public async Task Storescp_on_a_free_port_receives_a_file_and_is_killed_on_dispose()
    {
        using var dir = new TempDirectory("dcg-peer");
        var received = Directory.CreateDirectory(dir.File("in")).FullName;
        var file = await DicomTestData.CtSliceAsync(dir.Path, "ct.dcm", 8, 8);
        var port = FreePort.Next();
        ToolProcess peer;
        await using ((peer = ToolProcess.Start("storescp", ["--output-directory", received, "--aetitle", "TESTSCP", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ConfigureAwait(false))
        {
            await peer.WaitForPortAsync(port);
            (await DcmtkTools.RunAsync("storescu", "-aec", "TESTSCP", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), file)).EnsureSuccess();
            var stored = Assert.Single(Directory.GetFiles(received));
            Assert.Equal("PAT001", DicomFile.Open(stored).Dataset.GetString(new DicomCipherGateway.Dicom.Model.DicomTag(0x00100020)));
        }

        Assert.True(peer.HasExited);
    }
}

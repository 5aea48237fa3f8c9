using System.Globalization;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>
/// DCMTK storescu sends ultrasound, ultrasound multi-frame and nuclear-medicine images in every
/// native transfer syntax to <c>dcg listen</c> (issue 10: they used to be refused), and an object
/// of a SOP class no dictionary knows, which only <c>--accept-unknown-sop-classes</c> takes.
/// </summary>
public sealed class StorageClassesListenTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("dcg-cli-classes");

    public void Dispose() => _dir.Dispose();

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Us_us_multiframe_and_nm_arrive_equal_in_every_native_syntax_without_conversion()
    {
        var originals = Directory.CreateDirectory(_dir.Combine("orig")).FullName;
        string[] made =
        [
            await ClinicalObjects.UltrasoundAsync(originals),
            await ClinicalObjects.UltrasoundMultiframeAsync(originals),
            await ClinicalObjects.NuclearMedicineAsync(originals),
        ];
        var port = FreePort.Next();
        var output = _dir.Combine("received");
        await using var listener = await DcgServer.StartAsync(port, "listen", "-p", P(port), "-o", output, "--bind", "127.0.0.1");

        // storescu option proposing the syntax first, dcmconv option writing it.
        (string Name, string Propose, string Convert, string Uid)[] syntaxes =
        [
            ("implicit", "-xi", "+ti", "1.2.840.10008.1.2"),
            ("explicit", "-xe", "+te", "1.2.840.10008.1.2.1"),
            ("big", "-xb", "+tb", "1.2.840.10008.1.2.2"),
            ("deflated", "-xd", "+td", "1.2.840.10008.1.2.1.99"),
        ];
        foreach (var (name, propose, convert, uid) in syntaxes)
        {
            var inputs = Directory.CreateDirectory(_dir.Combine("in-" + name)).FullName;
            foreach (var file in made)
            {
                await DicomTestData.ConvertAsync(file, Path.Combine(inputs, Path.GetFileName(file)), convert);
            }

            var storescu = await DcmtkTools.RunAsync("storescu", ["-R", propose, "-aec", "ANY", "127.0.0.1", P(port), .. Directory.GetFiles(inputs, "*.dcm")], Timeout);
            Assert.True(storescu.ExitCode == 0 && !storescu.StdErr.Contains("E:", StringComparison.Ordinal), $"{name}: {storescu.StdErr}{storescu.StdOut}\n{listener.Output}");
            var received = Directory.GetFiles(output, "*.dcm");
            Assert.Equal(3, received.Length);
            DicomAssert.SameObjects(Directory.GetFiles(inputs, "*.dcm"), received);
            Assert.All(received, f => Assert.Equal(uid, DicomFile.Open(f).TransferSyntax.Uid));
            foreach (var f in received)
            {
                File.Delete(f);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unknown_sop_class_arrives_unchanged_only_with_the_option(bool acceptUnknown)
    {
        var inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        var file = await ClinicalObjects.UnknownClassAsync(inputs);
        var port = FreePort.Next();
        var output = _dir.Combine("received");
        string[] args = ["listen", "-p", P(port), "-o", output, "--bind", "127.0.0.1"];
        await using var listener = await DcgServer.StartAsync(port, acceptUnknown ? [.. args, "--accept-unknown-sop-classes"] : args);

        // storescu -R refuses a class DCMTK does not know; a configuration profile proposes it anyway.
        var config = Path.Combine(inputs, "storescu.cfg");
        await File.WriteAllTextAsync(config, $$"""
            [[TransferSyntaxes]]
            [Uncompressed]
            TransferSyntax1 = LittleEndianExplicit
            TransferSyntax2 = LittleEndianImplicit

            [[PresentationContexts]]
            [Unknown]
            PresentationContext1 = {{ClinicalObjects.UnknownSopClassUid}}\Uncompressed

            [[Profiles]]
            [Default]
            PresentationContexts = Unknown

            """);
        var storescu = await DcmtkTools.RunAsync("storescu", ["-xf", config, "Default", "-aec", "ANY", "127.0.0.1", P(port), file], Timeout);

        if (acceptUnknown)
        {
            Assert.True(storescu.ExitCode == 0, storescu.StdErr + storescu.StdOut + listener.Output);
            var received = Assert.Single(Directory.GetFiles(output, "*.dcm"));
            DicomAssert.SameObjects([file], [received]);
            var sent = DicomFile.Open(file);
            var got = DicomFile.Open(received);
            Assert.Equal(ClinicalObjects.UnknownSopClassUid, got.FileMetaInformation.MediaStorageSOPClassUid);
            Assert.Equal(sent.TransferSyntax, got.TransferSyntax);
            // Unchanged: the encoded data set after the file meta information is byte for byte the one sent.
            Assert.Equal(File.ReadAllBytes(file).AsSpan((int)sent.DatasetOffset).ToArray(), File.ReadAllBytes(received).AsSpan((int)got.DatasetOffset).ToArray());
        }
        else
        {
            Assert.NotEqual(0, storescu.ExitCode);
            Assert.Contains("No Acceptable Presentation Contexts", storescu.StdErr + storescu.StdOut, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(Directory.Exists(output) ? Directory.GetFiles(output) : []);
        }
    }
}

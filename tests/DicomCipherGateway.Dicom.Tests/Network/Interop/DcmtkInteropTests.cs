using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Dicom.Tests.Network.Association;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>DCMTK as the judge: its SCUs against our server, our client against its SCP, on free loopback ports.</summary>
public class DcmtkInteropTests(InteropFilesFixture files) : IClassFixture<InteropFilesFixture>
{
    private static readonly DicomTransferSyntax[] CtSyntaxes =
    [
        DicomTransferSyntax.RLELossless,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ImplicitVRLittleEndian,
    ];

    private static async Task<DicomServer> StartOurServerAsync(DicomServiceHandlers handlers)
    {
        var policy = new AssociationPolicy { CalledAeTitles = { "OUR-SCP" } }
            .Accept(DicomUids.VerificationSOPClass, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian)
            .Accept(DicomUids.CTImageStorage, CtSyntaxes);
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts },
            policy,
            handlers);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static string Port(DicomServer server) => ((IPEndPoint)server.EndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Element for element: both data sets written the same way give the same bytes. Native
    /// syntaxes may legitimately differ (the acceptor picks one), so they are compared in
    /// Explicit VR Little Endian; encapsulated ones must arrive in their own syntax.
    /// </summary>
    private static void AssertSameObject(string expectedPath, string actualPath)
    {
        var expected = DicomFile.Open(expectedPath);
        var actual = DicomFile.Open(actualPath);
        var common = DicomTransferSyntax.ExplicitVRLittleEndian;
        if (expected.TransferSyntax.IsEncapsulated || actual.TransferSyntax.IsEncapsulated)
        {
            Assert.Equal(expected.TransferSyntax.Uid, actual.TransferSyntax.Uid);
            common = expected.TransferSyntax;
        }

        Assert.Equal(DicomDatasetWriter.ToArray(expected.Dataset, common), DicomDatasetWriter.ToArray(actual.Dataset, common));
    }

    private static readonly Dictionary<string, string> StorescuProposal = new()
    {
        ["implicit"] = "-xi",
        ["explicit"] = "-xe",
        ["big"] = "-xb",
        ["deflated"] = "-xd",
        ["rle"] = "-xr",
    };

    [Fact]
    public async Task Echoscu_is_answered_by_our_server()
    {
        await using var server = await StartOurServerAsync(new DicomServiceHandlers());
        var result = await DcmtkTools.RunAsync("echoscu", ["-aet", "ECHOSCU", "-aec", "OUR-SCP", "-to", "10", "127.0.0.1", Port(server)], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
    }

    [Fact]
    public async Task Echoscu_to_an_unknown_called_AE_is_rejected()
    {
        await using var server = await StartOurServerAsync(new DicomServiceHandlers());
        var result = await DcmtkTools.RunAsync("echoscu", ["-aec", "NOT-US", "-to", "10", "127.0.0.1", Port(server)], TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.StdErr + result.StdOut, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("implicit")]
    [InlineData("explicit")]
    [InlineData("big")]
    [InlineData("deflated")]
    [InlineData("rle")]
    public async Task Storescu_stores_into_our_server_unchanged(string syntax)
    {
        using var dir = new TempDirectory("dcg-net-scp");
        var handler = new DirectoryStoreHandler(dir.Path);
        await using var server = await StartOurServerAsync(new DicomServiceHandlers { Store = handler });
        var source = files.BySyntax[syntax];
        var result = await DcmtkTools.RunAsync("storescu", ["-aec", "OUR-SCP", StorescuProposal[syntax], "-to", "10", "127.0.0.1", Port(server), source], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);

        var stored = Assert.Single(handler.Files);
        AssertSameObject(source, stored);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.partial"));
    }

    [Fact]
    public async Task Our_client_echoes_and_stores_to_storescp()
    {
        using var dir = new TempDirectory("dcg-net-storescp");
        await using var storescp = await ToolProcess.StartListeningAsync("storescp", port => ["-aet", "STORE-SCP", "+xa", "+uf", "-od", dir.Path, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = storescp.Port, Timeouts = ServerFixture.FastTimeouts });
        var request = new AssociationRequest
        {
            CalledAeTitle = "STORE-SCP",
            CallingAeTitle = "OUR-SCU",
            PresentationContexts =
            [
                new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian]),
                .. CtSyntaxes.Select(s => new PresentationContextProposal(DicomUids.CTImageStorage, [s])),
            ],
        };

        await using (var association = await client.AssociateAsync(request, CancellationToken.None))
        {
            Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
            foreach (var syntax in new[] { "implicit", "explicit", "big", "deflated", "rle" })
            {
                Assert.Equal(DicomStatus.Success, await association.StoreAsync(files.BySyntax[syntax], CancellationToken.None));
            }

            await association.ReleaseAsync(CancellationToken.None);
        }

        // One file per store (+uf); each equals its source, matched by transfer syntax.
        var received = Directory.GetFiles(dir.Path).Select(f => (Path: f, File: DicomFile.Open(f))).ToList();
        Assert.Equal(5, received.Count);
        foreach (var syntax in new[] { "implicit", "explicit", "big", "deflated", "rle" })
        {
            var source = files.BySyntax[syntax];
            var uid = DicomFile.Open(source).TransferSyntax.Uid;
            AssertSameObject(source, Assert.Single(received, r => r.File.TransferSyntax.Uid == uid).Path);
        }
    }
}

using System.Globalization;
using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Dicom.Tests.Network.Association;
using DicomCipherGateway.Dicom.Tests.Network.QueryRetrieve;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>DCMTK's findscu, movescu and getscu against our query/retrieve SCP.</summary>
public class DcmtkQueryRetrieveScuTests(QueryRetrieveFilesFixture files) : IClassFixture<QueryRetrieveFilesFixture>
{
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    internal static AssociationPolicy QueryRetrievePolicy(string calledAe)
    {
        var policy = new AssociationPolicy { CalledAeTitles = { calledAe } }
            .Accept(DicomUids.VerificationSOPClass, Native)
            .Accept(DicomUids.CTImageStorage, Native)
            .AllowRequestorAsScp(DicomUids.CTImageStorage);
        foreach (var model in new[]
        {
            DicomUids.FINDPatientRootQueryRetrieveInformationModel, DicomUids.MOVEPatientRootQueryRetrieveInformationModel, DicomUids.GETPatientRootQueryRetrieveInformationModel,
            DicomUids.FINDStudyRootQueryRetrieveInformationModel, DicomUids.MOVEStudyRootQueryRetrieveInformationModel, DicomUids.GETStudyRootQueryRetrieveInformationModel,
        })
        {
            policy.Accept(model, Native);
        }

        return policy;
    }

    private static async Task<DicomServer> StartAsync(DicomServiceHandlers handlers)
    {
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts },
            QueryRetrievePolicy("OUR-QR"),
            handlers);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static string Port(DicomServer server) => ((IPEndPoint)server.EndPoint!).Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("-P", "PATIENT", 1)]
    [InlineData("-S", "STUDY", 1)]
    [InlineData("-S", "SERIES", 2)]
    [InlineData("-S", "IMAGE", 3)]
    public async Task Findscu_gets_one_response_per_entity_at_each_level(string model, string level, int expected)
    {
        var handlers = new DirectoryQueryRetrieveHandlers(files.Paths, new Dictionary<string, EndPoint>());
        await using var server = await StartAsync(new DicomServiceHandlers { Find = handlers });
        using var dir = new TempDirectory("dcg-findscu");
        string[] keys = level switch
        {
            "PATIENT" => ["-k", "PatientID=PAT001", "-k", "PatientName"],
            "STUDY" => ["-k", "StudyInstanceUID", "-k", "PatientID"],
            "SERIES" => ["-k", $"StudyInstanceUID={QueryRetrieveFilesFixture.StudyUid}", "-k", "SeriesInstanceUID"],
            _ => ["-k", $"StudyInstanceUID={QueryRetrieveFilesFixture.StudyUid}", "-k", "SeriesInstanceUID", "-k", "SOPInstanceUID"],
        };
        var result = await DcmtkTools.RunAsync("findscu", [model, "-aec", "OUR-QR", "-X", "-od", dir.Path, "-k", $"QueryRetrieveLevel={level}", .. keys, "127.0.0.1", Port(server)], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);

        var responses = Directory.GetFiles(dir.Path, "rsp*.dcm");
        Assert.Equal(expected, responses.Length);
        if (level == "IMAGE")
        {
            Assert.Equal(files.SopInstanceUids.Order(), responses.Select(r => DicomFile.Open(r).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' ')).Order());
        }
    }

    [Fact]
    public async Task Findscu_cancel_cancels_our_handler_and_gets_status_cancel()
    {
        var handlers = new TestQueryRetrieveHandlers([.. files.Paths.Select(p => DicomFile.Open(p))]) { StallAfter = 1 };
        await using var server = await StartAsync(new DicomServiceHandlers { Find = handlers });
        var result = await DcmtkTools.RunAsync("findscu", ["-S", "-v", "-aec", "OUR-QR", "--cancel", "1", "-k", "QueryRetrieveLevel=IMAGE", "-k", "SOPInstanceUID", "127.0.0.1", Port(server)], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.True(await handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("Cancel", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Movescu_receives_the_study_from_our_scp_unchanged()
    {
        using var dir = new TempDirectory("dcg-movescu");
        var port = FreePort.Next();
        var handlers = new DirectoryQueryRetrieveHandlers(files.Paths, new Dictionary<string, EndPoint> { ["MOVESCU"] = new IPEndPoint(IPAddress.Loopback, port) });
        await using var server = await StartAsync(new DicomServiceHandlers { Move = handlers });
        var result = await DcmtkTools.RunAsync(
            "movescu",
            ["-S", "-v", "-aet", "MOVESCU", "-aec", "OUR-QR", "-aem", "MOVESCU", "--port", port.ToString(CultureInfo.InvariantCulture), "-od", dir.Path,
             "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={QueryRetrieveFilesFixture.StudyUid}", "127.0.0.1", Port(server)],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        DicomAssert.SameObjects(files.Paths, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Movescu_to_an_unknown_destination_gets_A801()
    {
        var handlers = new DirectoryQueryRetrieveHandlers(files.Paths, new Dictionary<string, EndPoint>());
        await using var server = await StartAsync(new DicomServiceHandlers { Move = handlers });
        var result = await DcmtkTools.RunAsync(
            "movescu",
            ["-S", "-v", "-aec", "OUR-QR", "-aem", "NOBODY", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={QueryRetrieveFilesFixture.StudyUid}", "127.0.0.1", Port(server)],
            TimeSpan.FromSeconds(30));

        Assert.Contains("Final Move Response (Refused: MoveDestinationUnknown)", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Getscu_receives_a_series_on_the_same_association_unchanged()
    {
        using var dir = new TempDirectory("dcg-getscu");
        var handlers = new DirectoryQueryRetrieveHandlers(files.Paths, new Dictionary<string, EndPoint>());
        await using var server = await StartAsync(new DicomServiceHandlers { Get = handlers });
        var result = await DcmtkTools.RunAsync(
            "getscu",
            ["-S", "-v", "-aec", "OUR-QR", "-od", dir.Path, "-k", "QueryRetrieveLevel=SERIES", "-k", $"StudyInstanceUID={QueryRetrieveFilesFixture.StudyUid}",
             "-k", $"SeriesInstanceUID={QueryRetrieveFilesFixture.FirstSeriesUid}", "127.0.0.1", Port(server)],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        DicomAssert.SameObjects(files.Paths.Take(2), Directory.GetFiles(dir.Path));
    }
}

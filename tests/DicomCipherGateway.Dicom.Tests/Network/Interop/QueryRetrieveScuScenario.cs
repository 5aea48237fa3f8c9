using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Tests.Network.Association;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>
/// Our SCU against a query/retrieve peer (dcmqrscp, Orthanc): echo, store the three files, find
/// at each level, move the study to our listening AE, get one series; every received object
/// equals the one sent.
/// </summary>
internal sealed class QueryRetrieveScuScenario(QueryRetrieveFilesFixture files, string peerAe, int peerPort, string ourAe)
{
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    /// <summary>Our storage SCP for C-MOVE, started before the peer so its port can go into the peer's configuration.</summary>
    public static async Task<(DicomServer Server, DirectoryStoreHandler Store, int Port)> StartReceiverAsync(string ourAe, string directory, Func<ICStoreHandler, ICStoreHandler>? wrap = null)
    {
        var store = new DirectoryStoreHandler(directory);
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts },
            new AssociationPolicy { CalledAeTitles = { ourAe } }.Accept(DicomUids.VerificationSOPClass, Native).Accept(DicomUids.CTImageStorage, Native),
            new DicomServiceHandlers { Store = wrap?.Invoke(store) ?? store });
        await server.StartAsync(CancellationToken.None);
        return (server, store, ((IPEndPoint)server.EndPoint!).Port);
    }

    private DicomClient Client(EventLoggerFactory? log = null) => new(new DicomClientOptions { Host = "127.0.0.1", Port = peerPort, Timeouts = ServerFixture.FastTimeouts with { Dimse = TimeSpan.FromSeconds(30), Artim = TimeSpan.FromSeconds(10) } }, log);

    private AssociationRequest Request() => new()
    {
        CalledAeTitle = peerAe,
        CallingAeTitle = ourAe,
        PresentationContexts =
        [
            new PresentationContextProposal(DicomUids.VerificationSOPClass, Native),
            new PresentationContextProposal(DicomUids.FINDPatientRootQueryRetrieveInformationModel, Native),
            new PresentationContextProposal(DicomUids.FINDStudyRootQueryRetrieveInformationModel, Native),
            new PresentationContextProposal(DicomUids.MOVEStudyRootQueryRetrieveInformationModel, Native),
            new PresentationContextProposal(DicomUids.GETStudyRootQueryRetrieveInformationModel, Native),
            new PresentationContextProposal(DicomUids.CTImageStorage, Native) { ScuRole = true, ScpRole = true },
        ],
    };

    private static readonly DicomDataset StudyKeys = Keys("STUDY", (DicomTags.StudyInstanceUID, DicomVR.UI, QueryRetrieveFilesFixture.StudyUid));

    private static DicomDataset Keys(string level, params (DicomTag Tag, DicomVR VR, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var (tag, vr, value) in keys)
        {
            identifier.SetString(tag, vr, value);
        }

        return identifier;
    }

    public async Task EchoAndStoreAsync()
    {
        await using var association = await Client().AssociateAsync(Request(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        foreach (var path in files.Paths)
        {
            Assert.Equal(DicomStatus.Success, await association.StoreAsync(path, CancellationToken.None));
        }

        await association.ReleaseAsync(CancellationToken.None);
    }

    public async Task FindAtEachLevelAsync()
    {
        await using var association = await Client().AssociateAsync(Request(), CancellationToken.None);
        var patientRoot = DicomUids.FINDPatientRootQueryRetrieveInformationModel;
        var studyRoot = DicomUids.FINDStudyRootQueryRetrieveInformationModel;
        var study = (DicomTags.StudyInstanceUID, DicomVR.UI, QueryRetrieveFilesFixture.StudyUid);

        var patients = await Matches(association.FindAsync(patientRoot, Keys("PATIENT", (DicomTags.PatientID, DicomVR.LO, "PAT001"), (DicomTags.PatientName, DicomVR.PN, string.Empty))));
        var studies = await Matches(association.FindAsync(studyRoot, Keys("STUDY", study, (DicomTags.PatientID, DicomVR.LO, string.Empty))));
        var series = await Matches(association.FindAsync(studyRoot, Keys("SERIES", study, (DicomTags.SeriesInstanceUID, DicomVR.UI, string.Empty))));
        var images = await Matches(association.FindAsync(studyRoot, Keys("IMAGE", study, (DicomTags.SeriesInstanceUID, DicomVR.UI, string.Empty), (DicomTags.SOPInstanceUID, DicomVR.UI, string.Empty))));

        Assert.Equal("PAT001", Assert.Single(patients).GetString(DicomTags.PatientID)?.Trim());
        Assert.Equal(QueryRetrieveFilesFixture.StudyUid, Assert.Single(studies).GetString(DicomTags.StudyInstanceUID)?.TrimEnd('\0', ' '));
        Assert.Equal([QueryRetrieveFilesFixture.FirstSeriesUid, QueryRetrieveFilesFixture.SecondSeriesUid], series.Select(s => s.GetString(DicomTags.SeriesInstanceUID)!.TrimEnd('\0', ' ')).Order());
        Assert.Equal(files.SopInstanceUids.Order(), images.Select(s => s.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' ')).Order());
        await association.ReleaseAsync(CancellationToken.None);
    }

    private static async Task<List<DicomDataset>> Matches(IAsyncEnumerable<CFindResponse> responses)
    {
        var all = new List<CFindResponse>();
        await foreach (var response in responses)
        {
            all.Add(response);
        }

        Assert.Equal(DicomStatus.Success, all[^1].Status);
        Assert.All(all.SkipLast(1), r => Assert.True(r.Status.IsPending));
        return [.. all.SkipLast(1).Select(r => r.Identifier!)];
    }

    public async Task MoveStudyToUsAsync(DirectoryStoreHandler received)
    {
        await using var association = await Client().AssociateAsync(Request(), CancellationToken.None);
        var responses = new List<CRetrieveResponse>();
        await foreach (var response in association.MoveAsync(DicomUids.MOVEStudyRootQueryRetrieveInformationModel, ourAe, Keys("STUDY", (DicomTags.StudyInstanceUID, DicomVR.UI, QueryRetrieveFilesFixture.StudyUid))))
        {
            responses.Add(response);
        }

        var final = responses[^1];
        Assert.True(final.Status == DicomStatus.Success, $"final {final}");
        Assert.Equal(3, final.Completed);
        Assert.Equal(0, final.Failed);
        await association.ReleaseAsync(CancellationToken.None);
        DicomAssert.SameObjects(files.Paths, received.Files);
    }

    public async Task GetSeriesAsync(string directory)
    {
        var store = new DirectoryStoreHandler(directory);
        await using var association = await Client().AssociateAsync(Request(), CancellationToken.None);
        var responses = new List<CRetrieveResponse>();
        var identifier = Keys("SERIES", (DicomTags.StudyInstanceUID, DicomVR.UI, QueryRetrieveFilesFixture.StudyUid), (DicomTags.SeriesInstanceUID, DicomVR.UI, QueryRetrieveFilesFixture.FirstSeriesUid));
        await foreach (var response in association.GetAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, identifier, store))
        {
            responses.Add(response);
        }

        var final = responses[^1];
        Assert.True(final.Status == DicomStatus.Success, $"final {final}");
        Assert.Equal(2, final.Completed);
        await association.ReleaseAsync(CancellationToken.None);
        DicomAssert.SameObjects(files.Paths.Take(2), store.Files);
    }

    /// <summary>
    /// C-MOVE of the study, cancelled while the second sub-operation waits at <paramref name="gate"/>
    /// (our destination). Returns every response; the association must still answer C-ECHO.
    /// </summary>
    public Task<List<CRetrieveResponse>> CancelMoveDuringSecondSubOperationAsync(GatedStoreHandler gate) =>
        CancelRetrieveAsync(gate, (association, ct) => association.MoveAsync(DicomUids.MOVEStudyRootQueryRetrieveInformationModel, ourAe, StudyKeys, ct));

    /// <summary>C-GET of the study into <paramref name="gate"/>, cancelled while the second instance waits there.</summary>
    public Task<List<CRetrieveResponse>> CancelGetDuringSecondSubOperationAsync(GatedStoreHandler gate) =>
        CancelRetrieveAsync(gate, (association, ct) => association.GetAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, StudyKeys, gate, ct));

    private async Task<List<CRetrieveResponse>> CancelRetrieveAsync(GatedStoreHandler gate, Func<DicomClientAssociation, CancellationToken, IAsyncEnumerable<CRetrieveResponse>> retrieve)
    {
        var log = new EventLoggerFactory();
        await using var association = await Client(log).AssociateAsync(Request(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var responses = new List<CRetrieveResponse>();
        var run = Task.Run(async () =>
        {
            await foreach (var response in retrieve(association, cancel.Token))
            {
                responses.Add(response);
            }
        });

        await gate.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        cancel.Cancel();
        await log.WaitForAsync(4214, TimeSpan.FromSeconds(10)); // C-CANCEL sent
        await Task.Delay(100); // on the wire before the held sub-operation ends
        gate.Release();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(association.IsOpen);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        await association.ReleaseAsync(CancellationToken.None);
        return responses;
    }
}

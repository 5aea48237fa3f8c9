using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;
using DicomCipherGateway.Dicom.Tests.Network;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>
/// <see cref="CGetRetriever"/> against dcmqrscp holding a study of eight storage classes: the
/// classes found by IMAGE-level C-FIND, and the retrieval spread over several associations
/// (forced small, and the whole storage catalogue as when nothing can be asked).
/// </summary>
public sealed class CGetRetrieverTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dcg-cget");
    private IReadOnlyList<string> _files = [];
    private readonly EventLoggerFactory _log = new();
    private DcmqrscpPeer? _peer;

    public async Task InitializeAsync()
    {
        _files = await ClinicalObjects.MixedStudyAsync(Directory.CreateDirectory(_dir.Combine("in")).FullName);
        _peer = await DcmqrscpPeer.StartAsync(_dir.Combine("qr"));
        var storescu = await DcmtkTools.RunAsync("storescu", ["-R", "-aec", _peer.AeTitle, "127.0.0.1", _peer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. _files]);
        Assert.True(storescu.ExitCode == 0, storescu.StdErr + storescu.StdOut + _peer.Output);
    }

    public async Task DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }

        _dir.Dispose();
    }

    private CGetRetriever Retriever(int classesPerAssociation = 127) => new(
        new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = _peer!.Port }),
        new AssociationRequest { CalledAeTitle = _peer.AeTitle, CallingAeTitle = "OUR-SCU", PresentationContexts = [] },
        _log.CreateLogger("retrieve"))
    {
        ClassesPerAssociation = classesPerAssociation,
    };

    private static DicomDataset Study()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, ClinicalObjects.StudyUid);
        return identifier;
    }

    private async Task<CRetrieveResponse> GetAsync(CGetRetriever retriever, SopClassDiscovery discovery, string folder)
    {
        var store = new DirectoryStoreHandler(Directory.CreateDirectory(_dir.Combine(folder)).FullName);
        CRetrieveResponse? final = null;
        await foreach (var response in retriever.GetAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, Study(), store, discovery))
        {
            final = response;
        }

        DicomAssert.SameObjects(_files, store.Files);
        return final!;
    }

    private IReadOnlyList<string> ClassesOfTheFiles() =>
        [.. _files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPClassUID)!.TrimEnd('\0', ' ')).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Without_sop_class_uid_from_dcmqrscp_the_catalogue_brings_everything_on_one_association()
    {
        var retriever = Retriever();
        var discovery = await retriever.DiscoverAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, Study(), CancellationToken.None);

        // dcmqrscp's index answers IMAGE-level queries without SOP Class UID and has no SOP Classes in Study.
        Assert.True(discovery.Source == SopClassSource.StorageCatalogue, $"{discovery.Source}\n{Log()}");
        Assert.Equal(8, discovery.InstanceCount);
        Assert.True(discovery.SopClasses.Count > 127);
        var final = await GetAsync(retriever, discovery, "catalogue");

        Assert.Equal((DicomStatus.Success, 8, 0), (final.Status, final.Completed, final.Failed));
        // Every class of the study is current, so the first association (current classes first) brought all; no second one.
        Assert.Single(_log.Events, e => e.Id.Id == 4303);
    }

    [Fact]
    public async Task Classes_spread_over_several_associations_still_bring_every_instance_once()
    {
        var retriever = Retriever(classesPerAssociation: 3);
        var discovery = new SopClassDiscovery(SopClassSource.ImageLevelQuery, ClassesOfTheFiles(), 8);

        var final = await GetAsync(retriever, discovery, "three");

        Assert.Equal((DicomStatus.Success, 8, 0, 0), (final.Status, final.Completed, final.Failed, final.Warning));
        Assert.Empty(final.FailedSopInstanceUids);
        Assert.Equal(3, _log.Events.Count(e => e.Id.Id == 4303));
    }

    [Fact]
    public async Task A_class_left_out_is_reported_failed_with_its_instance()
    {
        var classes = ClassesOfTheFiles().Where(c => c != DicomUids.RTPlanStorage.Value).ToList();
        var store = new DirectoryStoreHandler(Directory.CreateDirectory(_dir.Combine("partial")).FullName);
        CRetrieveResponse? final = null;
        await foreach (var response in Retriever(classesPerAssociation: 4).GetAsync(
            DicomUids.GETStudyRootQueryRetrieveInformationModel, Study(), store, new SopClassDiscovery(SopClassSource.SopClassesInStudy, classes, null)))
        {
            final = response;
        }

        Assert.Equal((DicomStatus.SubOperationsCompleteWithFailures, 7, 1), (final!.Status, final.Completed, final.Failed));
        Assert.Equal(["1.2.826.0.1.3680043.2.1125.10.6.1"], final.FailedSopInstanceUids);
        Assert.Equal(7, store.Files.Count);
    }

    private string Log() => string.Join('\n', _log.Events.Select(e => e.Message)) + "\n" + _peer!.Output;
}

/// <summary><see cref="CGetRetriever"/> against Orthanc, which answers IMAGE-level C-FIND with SOP Class UID.</summary>
public sealed class CGetRetrieverOrthancTests
{
    [Fact]
    public async Task The_classes_come_from_an_image_level_query_and_every_instance_arrives()
    {
        using var dir = new TempDirectory("dcg-cget-orthanc");
        var files = await ClinicalObjects.MixedStudyAsync(Directory.CreateDirectory(dir.Combine("in")).FullName);
        await using var orthanc = await OrthancPeer.StartAsync(dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["ours"] = ("OUR-SCU", FreePort.Next()) });
        var storescu = await DcmtkTools.RunAsync("storescu", ["-R", "-aec", OrthancPeer.AeTitle, "127.0.0.1", orthanc.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files]);
        Assert.True(storescu.ExitCode == 0, storescu.StdErr + storescu.StdOut + orthanc.Output);
        var log = new EventLoggerFactory();
        var retriever = new CGetRetriever(
            new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = orthanc.DicomPort }),
            new AssociationRequest { CalledAeTitle = OrthancPeer.AeTitle, CallingAeTitle = "OUR-SCU", PresentationContexts = [] },
            log.CreateLogger("retrieve"));
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, ClinicalObjects.StudyUid);

        var discovery = await retriever.DiscoverAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, identifier, CancellationToken.None);

        var expected = files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPClassUID)!.TrimEnd('\0', ' ')).Order(StringComparer.Ordinal);
        Assert.True(discovery.Source == SopClassSource.ImageLevelQuery, string.Join('\n', log.Events.Select(e => e.Message)) + orthanc.Output);
        Assert.Equal(8, discovery.InstanceCount);
        Assert.Equal(expected, discovery.SopClasses);
        var store = new DirectoryStoreHandler(Directory.CreateDirectory(dir.Combine("got")).FullName);
        CRetrieveResponse? final = null;
        await foreach (var response in retriever.GetAsync(DicomUids.GETStudyRootQueryRetrieveInformationModel, identifier, store, discovery))
        {
            final = response;
        }

        Assert.True(final!.Status == DicomStatus.Success && final.Completed == 8, $"{final}\n{orthanc.Output}");
        DicomAssert.SameObjects(files, store.Files);
    }
}

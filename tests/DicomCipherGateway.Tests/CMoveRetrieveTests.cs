using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>The retrieve scenarios with Orthanc retrieved from by C-MOVE to the gateway's own AE.</summary>
public sealed class CMoveRetrieveTests(CMoveGatewayFixture fixture) : RetrieveScenarios(fixture), IClassFixture<CMoveGatewayFixture>
{
    [Fact]
    public async Task Two_concurrent_moves_through_orthanc_interleave_and_each_destination_gets_exactly_its_study()
    {
        var (studyA, _) = await StoreStudyAsync(5, mixed: false);
        var (studyB, _) = await StoreStudyAsync(5, mixed: false);
        await ConcurrentMoves.RunAsync(fixture.Gateway.DicomPort, fixture.WorkstationPort, fixture.SecondWorkstationPort, studyA, studyB, fixture.LogDirectory, () => fixture.Gateway.Output, interleaved: true);
    }
}

/// <summary>
/// Retrieve mode CMove against dcmqrscp: two workstations move two studies at the same time; the
/// Move Originator Message ID keeps the PACS's sub-operations apart. (dcmqrscp was seen to run
/// the second move's sub-operations only once the first had ended, so interleaving is proven
/// with Orthanc, in <see cref="CMoveRetrieveTests"/>.)
/// </summary>
public sealed class DcmqrscpMoveTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-cmove");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_concurrent_moves_through_dcmqrscp_each_deliver_exactly_their_study()
    {
        var keys = TestKeyring.Create(_dir.Path);
        var gatewayPort = FreePort.Next();
        var ws1Port = FreePort.Next();
        var ws2Port = FreePort.Next();
        await using var pacs = await DcmqrscpPeer.StartAsync(_dir.Combine("qr"), new Dictionary<string, int> { [GatewayConfig.AeTitle] = gatewayPort });
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, pacs.Port, port: gatewayPort, workstationPort: ws1Port, retrieve: "CMove", pacsAeTitle: pacs.AeTitle, secondWorkstationPort: ws2Port);

        // One forwarding association: dcmqrscp, storing from two at once, was seen to index an object under another's file.
        config["Gateway"]!["Forward"]!["Associations"] = 1;
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        string Diagnostics() => gateway.Output + pacs.Output;

        // Two studies stored through the gateway, forwarded as ciphertext objects to dcmqrscp.
        var studyA = TestObjects.Create(_dir.Combine("a"), 5, prefix: "a");
        var studyB = TestObjects.Create(_dir.Combine("b"), 5, prefix: "b");
        var store = await Storescu.SendAsync(gatewayPort, GatewayConfig.Modality, [.. studyA, .. studyB]);
        Assert.True(store.Successes == 10, store.Text + Diagnostics());
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        await Audit.WaitForForwardedAsync(logDirectory, studyA.Concat(studyB).Select(ConcurrentMoves.Uid).ToHashSet(), Diagnostics);

        await ConcurrentMoves.RunAsync(gatewayPort, ws1Port, ws2Port, studyA, studyB, logDirectory, Diagnostics, interleaved: false);

        // The instances came by C-MOVE: dcmqrscp associated back to the gateway, once per move.
        var fromPacs = Audit.Read(logDirectory).Where(r => r.Get("event") == "association" && r.Get("callingAe") == pacs.AeTitle).ToList();
        Assert.True(fromPacs.Count(r => r.Get("outcome") == "accepted") == 2, string.Join('\n', fromPacs) + Diagnostics());
    }
}

/// <summary>Two workstations (WS1, WS2) each moving a study to itself through the gateway at the same time.</summary>
internal static class ConcurrentMoves
{
    /// <param name="interleaved">
    /// Require the moves to run side by side: each destination holds its second instance until
    /// the other's first has arrived (were they serialized, this would wait in vain and fail).
    /// </param>
    public static async Task RunAsync(int gatewayPort, int ws1Port, int ws2Port, IReadOnlyList<string> studyA, IReadOnlyList<string> studyB, string logDirectory, Func<string> diagnostics, bool interleaved)
    {
        await using var ws1 = await RecordingDestination.StartAsync(GatewayConfig.Workstation, ws1Port);
        await using var ws2 = await RecordingDestination.StartAsync(GatewayConfig.SecondWorkstation, ws2Port);
        if (interleaved)
        {
            var ws1Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var ws2Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ws1.Gate = Barrier(ws1Started, ws2Started);
            ws2.Gate = Barrier(ws2Started, ws1Started);
        }

        var moves = await Task.WhenAll(
            MoveAsync(gatewayPort, GatewayConfig.Workstation, StudyUid(studyA)),
            MoveAsync(gatewayPort, GatewayConfig.SecondWorkstation, StudyUid(studyB)));
        foreach (var final in moves)
        {
            Assert.True(final.Status == DicomStatus.Success && final.Completed == 5 && final.Failed == 0, $"{final}\n{diagnostics()}");
        }

        AssertReceivedExactly(studyA, ws1, GatewayConfig.Workstation);
        AssertReceivedExactly(studyB, ws2, GatewayConfig.SecondWorkstation);
        if (interleaved)
        {
            var times = $"WS1 {string.Join(", ", ws1.Stored.Select(s => s.Arrived.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}; WS2 {string.Join(", ", ws2.Stored.Select(s => s.Arrived.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}\n";
            Assert.True(ws2.Stored.Min(s => s.Arrived) < ws1.Stored.Max(s => s.Arrived), "WS2 started after WS1 ended: " + times + diagnostics());
            Assert.True(ws1.Stored.Min(s => s.Arrived) < ws2.Stored.Max(s => s.Arrived), "WS1 started after WS2 ended: " + times + diagnostics());
        }

        // The PACS's sub-operations never went down the modality path: received (spooled) and
        // forwarded once each, when the modality sent them; decrypted once each, for the move.
        var uids = studyA.Concat(studyB).Select(Uid).ToHashSet();
        var audit = Audit.Read(logDirectory).Where(r => uids.Contains(r.Get("sopInstanceUid") ?? string.Empty)).ToList();
        var counts = string.Join(", ", audit.GroupBy(r => $"{r.Get("event")}/{r.Get("outcome")}").Select(g => $"{g.Key} {g.Count()}"));
        Assert.True(audit.Count(r => r.Get("event") == "received") == 10, counts);
        Assert.True(audit.Count(r => r.Get("event") == "forwarded") == 10, counts);
        Assert.True(audit.Count(r => r.Get("event") == "decrypted" && r.Get("outcome") == "success") == 10, counts);
    }

    private static Func<int, CancellationToken, Task<DicomStatus?>> Barrier(TaskCompletionSource started, TaskCompletionSource other) => async (index, ct) =>
    {
        started.TrySetResult();
        if (index == 1)
        {
            await other.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }

        return null;
    };

    private static async Task<CRetrieveResponse> MoveAsync(int gatewayPort, string workstation, string study)
    {
        await using var association = await GatewayClient.AssociateAsync(gatewayPort, workstation, GatewayClient.MoveModel);
        CRetrieveResponse? final = null;
        await foreach (var response in association.MoveAsync(GatewayClient.MoveModel, workstation, GatewayClient.Study(study)))
        {
            final = response;
        }

        await association.ReleaseAsync(CancellationToken.None);
        return final!;
    }

    /// <summary>Exactly the study's instances, each equal to its source, each naming the workstation's C-MOVE (our client's first message) as Move Originator.</summary>
    private static void AssertReceivedExactly(IReadOnlyList<string> sources, RecordingDestination destination, string workstation)
    {
        var received = destination.Stored.ToDictionary(s => s.Request.SopInstanceUid, s => s);
        Assert.Equal(sources.Select(Uid).Order(StringComparer.Ordinal), received.Keys.Order(StringComparer.Ordinal));
        foreach (var path in sources)
        {
            var (request, dataSet, _) = received[Uid(path)];
            Assert.Equal(workstation, request.MoveOriginatorAeTitle);
            Assert.Equal((ushort)1, request.MoveOriginatorMessageId);
            var source = DicomFile.Open(path);
            Assert.Equal(request.TransferSyntax.Uid, source.TransferSyntax.Uid);
            Assert.Equal(File.ReadAllBytes(path)[(int)source.DatasetOffset..], dataSet);
        }
    }

    public static string Uid(string path) => DicomFile.Open(path).Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim();

    private static string StudyUid(IReadOnlyList<string> paths) => DicomFile.Open(paths[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!.Trim();
}

/// <summary>
/// C-CANCEL in the middle of a C-FIND, against a PACS (our library's server) that stalls after
/// its first matches until it is cancelled: the gateway passes the cancel on and ends with FE00.
/// </summary>
public sealed class FindCancelTests : IDisposable
{
    private const string PacsAe = "STALLPACS";
    private readonly TempDirectory _dir = new("dcg-findcancel");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_cancel_in_the_middle_of_a_find_reaches_the_pacs_and_ends_with_FE00()
    {
        var instances = Enumerable.Range(0, 5).Select(i => DicomFile.Open(TestObjects.Create(_dir.Combine($"i{i}"), 1)[0])).ToList();
        var handlers = new TestQueryRetrieveHandlers(instances) { StallAfter = 2 };
        DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        var pacsPort = FreePort.Next();
        await using var pacs = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, pacsPort) },
            new AssociationPolicy { CalledAeTitles = { PacsAe } }.Accept(DicomUids.VerificationSOPClass, native).Accept(GatewayClient.FindModel, native),
            new DicomServiceHandlers { Find = handlers });
        await pacs.StartAsync(CancellationToken.None);
        var keys = TestKeyring.Create(_dir.Path);
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, pacsPort, pacsAeTitle: PacsAe);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);

        var responses = new List<CFindResponse>();
        using var cancel = new CancellationTokenSource();
        await using (var association = await GatewayClient.AssociateAsync(gateway.DicomPort, GatewayConfig.Workstation, GatewayClient.FindModel))
        {
            var query = new DicomDataset();
            query.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "IMAGE");
            query.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, string.Empty);
            await foreach (var response in association.FindAsync(GatewayClient.FindModel, query, cancel.Token))
            {
                responses.Add(response);
                if (response.Status.IsPending && !cancel.IsCancellationRequested)
                {
                    await handlers.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await cancel.CancelAsync();
                }
            }
        }

        var diagnostics = string.Join('\n', responses) + gateway.Output;
        Assert.True(responses[^1].Status == DicomStatus.Cancel, diagnostics);
        Assert.InRange(responses.Count(r => r.Status.IsPending), 1, 2);
        Assert.True(await handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)), "the PACS's find was not cancelled\n" + diagnostics);
    }
}

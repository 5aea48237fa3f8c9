using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
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
using DicomCipherGateway.Dicom.Tests.Network.Dimse;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.QueryRetrieve;

public class QueryRetrieveTests
{
    private static readonly DicomUid Find = DicomUids.FINDStudyRootQueryRetrieveInformationModel;
    private static readonly DicomUid Move = DicomUids.MOVEStudyRootQueryRetrieveInformationModel;
    private static readonly DicomUid Get = DicomUids.GETStudyRootQueryRetrieveInformationModel;

    private static DicomFile[] Instances(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DicomFile(DimseServiceTests.CtSlice(16 + i, 16), DicomTransferSyntax.ExplicitVRLittleEndian))];

    private static async Task<(DicomServer Server, DicomClient Client)> StartAsync(TestQueryRetrieveHandlers handlers)
    {
        var transport = new InMemoryTransport();
        var policy = ServerFixture.DefaultPolicy()
            .Accept(Find, DicomTransferSyntax.ImplicitVRLittleEndian)
            .Accept(Move, DicomTransferSyntax.ImplicitVRLittleEndian)
            .Accept(Get, DicomTransferSyntax.ImplicitVRLittleEndian)
            .AllowRequestorAsScp(DicomUids.CTImageStorage);
        var server = new DicomServer(
            new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxPduLength = 4096, Timeouts = ServerFixture.FastTimeouts },
            policy,
            new DicomServiceHandlers { Find = handlers, Move = handlers, Get = handlers });
        await server.StartAsync(CancellationToken.None);
        var port = server.EndPoint switch { IPEndPoint ip => ip.Port, DnsEndPoint dns => dns.Port, _ => 0 };
        return (server, new DicomClient(new DicomClientOptions { Host = "x", Port = port, Transport = transport, Timeouts = ServerFixture.FastTimeouts }));
    }

    private static AssociationRequest Request() => new()
    {
        CalledAeTitle = "TEST-SCP",
        CallingAeTitle = "TEST-SCU",
        PresentationContexts =
        [
            new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian]),
            new PresentationContextProposal(Find, [DicomTransferSyntax.ImplicitVRLittleEndian]),
            new PresentationContextProposal(Move, [DicomTransferSyntax.ImplicitVRLittleEndian]),
            new PresentationContextProposal(Get, [DicomTransferSyntax.ImplicitVRLittleEndian]),
            new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ExplicitVRLittleEndian]) { ScuRole = true, ScpRole = true },
        ],
    };

    private static DicomDataset Query(string level)
    {
        var query = new DicomDataset();
        query.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        query.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, string.Empty);
        return query;
    }

    [Fact]
    public async Task Find_streams_one_pending_response_per_match_then_success()
    {
        var instances = Instances(3);
        var (server, client) = await StartAsync(new TestQueryRetrieveHandlers(instances));
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);

        var responses = await association.FindAsync(Find, Query("IMAGE")).ToListAsync();

        Assert.Equal(4, responses.Count);
        Assert.All(responses.Take(3), r => Assert.Equal(DicomStatus.Pending, r.Status));
        Assert.Equal(DicomStatus.Success, responses[^1].Status);
        Assert.Null(responses[^1].Identifier);
        Assert.Equal(instances.Select(i => i.Dataset.GetString(DicomTags.SOPInstanceUID)), responses.Take(3).Select(r => r.Identifier!.GetString(DicomTags.SOPInstanceUID)));
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_find_sends_C_CANCEL_and_ends_with_the_peers_Cancel_response_on_a_usable_association()
    {
        var handlers = new TestQueryRetrieveHandlers(Instances(3)) { StallAfter = 1 };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var responses = new List<CFindResponse>();
        await foreach (var response in association.FindAsync(Find, Query("IMAGE"), cancel.Token))
        {
            responses.Add(response);
            cancel.Cancel();
        }

        Assert.Equal(2, responses.Count);
        Assert.True(responses[0].Status.IsPending);
        Assert.Equal(DicomStatus.Cancel, responses[^1].Status);
        Assert.Null(responses[^1].Identifier);
        Assert.True(await handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(association.IsOpen);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_peer_that_ignores_the_C_CANCEL_ends_in_OperationCanceledException_after_the_DIMSE_timeout_and_an_abort()
    {
        var handlers = new TestQueryRetrieveHandlers(Instances(3)) { StallAfter = 1, IgnoreCancel = true };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        var impatient = new DicomClient(client.Options with { Timeouts = ServerFixture.FastTimeouts with { Dimse = TimeSpan.FromSeconds(1) } });
        await using var association = await impatient.AssociateAsync(Request(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var response in association.FindAsync(Find, Query("IMAGE"), cancel.Token))
            {
                cancel.Cancel();
            }
        });

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.IsType<DicomTimeoutException>(error.InnerException);
        Assert.False(association.IsOpen);
    }

    [Fact]
    public async Task Get_sends_the_instances_back_on_the_same_association_into_the_clients_store_handler()
    {
        var instances = Instances(3);
        var (server, client) = await StartAsync(new TestQueryRetrieveHandlers(instances));
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);
        var store = new MemoryStoreHandler();

        var responses = await association.GetAsync(Get, Query("STUDY"), store).ToListAsync();

        Assert.Equal([2, 1, 0], responses.Take(3).Select(r => r.Remaining ?? -1));
        Assert.Equal([1, 2, 3], responses.Take(3).Select(r => r.Completed));
        var final = responses[^1];
        Assert.Equal(DicomStatus.Success, final.Status);
        Assert.Equal((3, 0, 0), (final.Completed, final.Failed, final.Warning));
        Assert.Equal(3, store.Received.Count);
        foreach (var (request, bytes) in store.Received)
        {
            var sent = instances.Single(i => i.Dataset.GetString(DicomTags.SOPInstanceUID) == request.SopInstanceUid);
            var received = DicomDatasetReader.Read(bytes, request.TransferSyntax);
            Assert.Equal(DicomDatasetWriter.ToArray(sent.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian), DicomDatasetWriter.ToArray(received, DicomTransferSyntax.ExplicitVRLittleEndian));
        }
    }

    [Fact]
    public async Task Get_of_an_instance_whose_class_the_requestor_cannot_store_fails_that_sub_operation_and_lists_it()
    {
        var instances = Instances(2).ToList();
        var mr = DimseServiceTests.CtSlice(8, 8);
        mr.SetString(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.MRImageStorage.Value);
        instances.Insert(1, new DicomFile(mr, DicomTransferSyntax.ExplicitVRLittleEndian));
        var (server, client) = await StartAsync(new TestQueryRetrieveHandlers(instances));
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);
        var store = new MemoryStoreHandler();

        var final = (await association.GetAsync(Get, Query("STUDY"), store).ToListAsync())[^1];

        Assert.Equal(DicomStatus.SubOperationsCompleteWithFailures, final.Status);
        Assert.Equal((2, 1, 0), (final.Completed, final.Failed, final.Warning));
        Assert.Equal([mr.GetString(DicomTags.SOPInstanceUID)!], final.FailedSopInstanceUids);
        Assert.Equal(2, store.Received.Count);
    }

    [Fact]
    public async Task Move_reports_the_handlers_sub_operations_with_honest_counts_and_the_failed_list()
    {
        var instances = Instances(4);
        var failing = instances[2].Dataset.GetString(DicomTags.SOPInstanceUID);
        var handlers = new TestQueryRetrieveHandlers(instances)
        {
            MoveOutcome = f => f.Dataset.GetString(DicomTags.SOPInstanceUID) == failing ? DicomStatus.OutOfResources
                : f == instances[3] ? DicomStatus.CoercionOfDataElements : DicomStatus.Success,
        };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);

        var responses = await association.MoveAsync(Move, "KNOWN", Query("SERIES")).ToListAsync();
        var unknown = await association.MoveAsync(Move, "NOBODY", Query("SERIES")).ToListAsync();

        Assert.Equal(5, responses.Count);
        Assert.Equal([3, 2, 1, 0], responses.Take(4).Select(r => r.Remaining ?? -1));
        Assert.Equal([(1, 0, 0), (2, 0, 0), (2, 1, 0), (2, 1, 1)], responses.Take(4).Select(r => (r.Completed, r.Failed, r.Warning)));
        var final = responses[^1];
        Assert.Equal(DicomStatus.SubOperationsCompleteWithFailures, final.Status);
        Assert.Null(final.Remaining);
        Assert.Equal([failing!], final.FailedSopInstanceUids);
        Assert.Equal(DicomStatus.MoveDestinationUnknown, Assert.Single(unknown).Status);
    }

    [Fact]
    public async Task A_move_whose_destination_is_unreachable_is_answered_A702_and_the_association_goes_on()
    {
        var handlers = new TestQueryRetrieveHandlers(Instances(2)) { MoveThrows = new ConnectionClosedException("destination refused the connection") };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);

        var responses = await association.MoveAsync(Move, "KNOWN", Query("STUDY")).ToListAsync();

        Assert.Equal(DicomStatus.UnableToPerformSubOperations, Assert.Single(responses).Status);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_get_after_the_first_sub_operation_ends_with_Cancel_and_the_counts_and_keeps_what_arrived()
    {
        var handlers = new TestQueryRetrieveHandlers(Instances(3)) { StallAfter = 1 };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);
        var store = new MemoryStoreHandler();
        using var cancel = new CancellationTokenSource();

        var seen = new List<CRetrieveResponse>();
        await foreach (var response in association.GetAsync(Get, Query("STUDY"), store, cancel.Token))
        {
            seen.Add(response);
            cancel.Cancel();
        }

        var final = seen[^1];
        Assert.True(final.IsFinal);
        Assert.Equal(DicomStatus.Cancel, final.Status);
        Assert.Equal((1, 0, 0, 2), (final.Completed, final.Failed, final.Warning, final.Remaining));
        Assert.True(await handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single(store.Received);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_move_ends_with_Cancel_and_the_counts_so_far()
    {
        var handlers = new TestQueryRetrieveHandlers(Instances(3)) { StallAfter = 2 };
        var (server, client) = await StartAsync(handlers);
        await using var _ = server;
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var seen = new List<CRetrieveResponse>();
        await foreach (var response in association.MoveAsync(Move, "KNOWN", Query("STUDY"), cancel.Token))
        {
            seen.Add(response);
            if (response.Completed == 2)
            {
                cancel.Cancel();
            }
        }

        var final = seen[^1];
        Assert.Equal(DicomStatus.Cancel, final.Status);
        Assert.Equal((2, 0, 0, 1), (final.Completed, final.Failed, final.Warning, final.Remaining));
        Assert.True(await handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }
}

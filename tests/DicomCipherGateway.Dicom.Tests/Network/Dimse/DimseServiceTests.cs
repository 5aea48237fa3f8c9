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

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

public class DimseServiceTests
{
    internal static DicomDataset CtSlice(int rows = 64, int columns = 64)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.CTImageStorage.Value);
        dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        dataset.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        dataset.SetValues(DicomTags.Rows, DicomVR.US, (ushort)rows);
        dataset.SetValues(DicomTags.Columns, DicomVR.US, (ushort)columns);
        dataset.SetValues(DicomTags.BitsAllocated, DicomVR.US, (ushort)16);
        var pixels = new byte[rows * columns * 2];
        new Random(rows).NextBytes(pixels);
        dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return dataset;
    }

    internal static async Task<DicomServer> StartServerAsync(IDicomTransport transport, DicomServiceHandlers handlers, uint maxPdu = 16384)
    {
        var server = new DicomServer(
            new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxPduLength = maxPdu, Timeouts = ServerFixture.FastTimeouts },
            ServerFixture.DefaultPolicy(),
            handlers);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static int Port(DicomServer server) => server.EndPoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => 0,
    };

    private static AssociationRequest StoreRequest() => new()
    {
        CalledAeTitle = "TEST-SCP",
        CallingAeTitle = "TEST-SCU",
        PresentationContexts =
        [
            new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian]),
            new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian]),
        ],
    };

    [Fact]
    public async Task Echo_is_answered_by_the_dispatcher()
    {
        var transport = new InMemoryTransport();
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers());
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        await using var association = await client.AssociateAsync(StoreRequest(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Store_delivers_the_same_data_set_into_the_handlers_sink()
    {
        var transport = new InMemoryTransport();
        var handler = new MemoryStoreHandler();
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers { Store = handler }, maxPdu: 4096);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        var dataset = CtSlice();
        var file = new DicomFile(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);

        await using var association = await client.AssociateAsync(StoreRequest(), CancellationToken.None);
        var status = await association.StoreAsync(file, CancellationToken.None);
        await association.ReleaseAsync(CancellationToken.None);

        Assert.Equal(DicomStatus.Success, status);
        var (request, bytes) = Assert.Single(handler.Received);
        Assert.Equal(dataset.GetString(DicomTags.SOPInstanceUID), request.SopInstanceUid);

        // The server preferred Explicit VR LE; the client converted the native file to it.
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, request.TransferSyntax.Uid);
        var received = DicomDatasetReader.Read(bytes, request.TransferSyntax);
        Assert.Equal(DicomDatasetWriter.ToArray(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), DicomDatasetWriter.ToArray(received, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public async Task Store_as_a_move_sub_operation_carries_the_move_originator_and_a_plain_store_none()
    {
        var transport = new InMemoryTransport();
        var handler = new MemoryStoreHandler();
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });

        await using var association = await client.AssociateAsync(StoreRequest(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.StoreAsync(new DicomFile(CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), "WS-7", 4242, CancellationToken.None));
        Assert.Equal(DicomStatus.Success, await association.StoreAsync(new DicomFile(CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None));
        await association.ReleaseAsync(CancellationToken.None);

        var received = handler.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.Equal("WS-7", received[0].Request.MoveOriginatorAeTitle);
        Assert.Equal((ushort)4242, received[0].Request.MoveOriginatorMessageId);
        Assert.Null(received[1].Request.MoveOriginatorAeTitle);
        Assert.Null(received[1].Request.MoveOriginatorMessageId);
    }

    [Fact]
    public async Task A_refusing_handler_is_answered_with_its_status_and_the_association_goes_on()
    {
        var transport = new InMemoryTransport();
        var handler = new MemoryStoreHandler { Refuse = DicomStatus.OutOfResources };
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });

        await using var association = await client.AssociateAsync(StoreRequest(), CancellationToken.None);
        var status = await association.StoreAsync(new DicomFile(CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None);
        Assert.Equal(DicomStatus.OutOfResources, status);
        Assert.Throws<DicomStatusException>(() => status.EnsureSuccess());
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task A_throwing_handler_becomes_a_failure_status_not_a_broken_association()
    {
        var transport = new InMemoryTransport();
        var handler = new MemoryStoreHandler { ThrowOnComplete = true };
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });

        await using var association = await client.AssociateAsync(StoreRequest(), CancellationToken.None);
        var status = await association.StoreAsync(new DicomFile(CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None);
        Assert.Equal(DicomStatusCategory.Failure, status.Category);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_without_an_accepted_context_fails_before_sending()
    {
        var transport = new InMemoryTransport();
        await using var server = await StartServerAsync(transport, new DicomServiceHandlers());
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(server), Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        await using var association = await client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        await Assert.ThrowsAsync<DicomNetworkException>(() => association.StoreAsync(new DicomFile(CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None));
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }
}

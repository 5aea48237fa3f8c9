using System.Collections.Concurrent;
using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Tests.Network.Association;

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

public class StorageCommitmentTests
{
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    /// <summary>Commits the instances it knows; others fail with 0112 (no such object instance).</summary>
    private sealed class Archive(IReadOnlySet<string> stored, Task? holdUntil = null) : IStorageCommitmentHandler
    {
        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
        {
            if (holdUntil is not null)
            {
                await holdUntil.WaitAsync(cancellationToken);
            }

            return new StorageCommitmentResult(
                request.TransactionUid,
                [.. request.References.Where(r => stored.Contains(r.SopInstanceUid))],
                [.. request.References.Where(r => !stored.Contains(r.SopInstanceUid)).Select(r => new FailedSopReference(r, 0x0112))]);
        }
    }

    private sealed class ReportInbox : IStorageCommitmentReportHandler
    {
        public TaskCompletionSource<(StorageCommitmentResult Report, string CallingAe)> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
        {
            Received.TrySetResult((report, context.CallingAeTitle));
            return ValueTask.FromResult(DicomStatus.Success);
        }
    }

    private static async Task<DicomServer> StartAsync(IDicomTransport transport, string ae, DicomServiceHandlers handlers)
    {
        var policy = new AssociationPolicy { CalledAeTitles = { ae } }
            .Accept(DicomUids.StorageCommitmentPushModelSOPClass, Native)
            .AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass);
        var server = new DicomServer(new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts }, policy, handlers);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static int Port(DicomServer server) => server.EndPoint switch { IPEndPoint ip => ip.Port, DnsEndPoint dns => dns.Port, _ => 0 };

    private static AssociationRequest Request() => new()
    {
        CalledAeTitle = "ARCHIVE",
        CallingAeTitle = "MODALITY",
        PresentationContexts = [new PresentationContextProposal(DicomUids.StorageCommitmentPushModelSOPClass, Native)],
    };

    private static SopReference Ct(string uid) => new(DicomUids.CTImageStorage.Value, uid);

    [Fact]
    public async Task The_report_comes_back_on_the_same_association_with_committed_and_failed_instances()
    {
        var transport = new InMemoryTransport();
        await using var archive = await StartAsync(transport, "ARCHIVE", new DicomServiceHandlers { StorageCommitment = new Archive(new HashSet<string> { "1.2.3.1", "1.2.3.2" }) });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(archive), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } });
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);

        var ticket = await association.RequestStorageCommitmentAsync([Ct("1.2.3.1"), Ct("1.2.3.2"), Ct("1.2.3.9")], CancellationToken.None);
        var report = await association.WaitForStorageCommitmentAsync(ticket.TransactionUid, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DicomStatus.Success, ticket.Status);
        Assert.Equal(ticket.TransactionUid, report.TransactionUid);
        Assert.Equal([Ct("1.2.3.1"), Ct("1.2.3.2")], report.Committed);
        Assert.Equal([new FailedSopReference(Ct("1.2.3.9"), 0x0112)], report.Failed);
        Assert.Equal(2, report.EventTypeId);
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task After_the_requestor_released_the_report_goes_on_a_new_association_to_its_AE()
    {
        var transport = new InMemoryTransport();
        var inbox = new ReportInbox();
        await using var modality = await StartAsync(transport, "MODALITY", new DicomServiceHandlers { StorageCommitmentReport = inbox });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var archive = await StartAsync(transport, "ARCHIVE", new DicomServiceHandlers
        {
            StorageCommitment = new Archive(new HashSet<string> { "1.2.3.1" }, release.Task),
            ResolveAeTitle = ae => ae == "MODALITY" ? new DicomClientOptions { Host = "x", Port = Port(modality), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } } : null,
        });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(archive), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } });

        StorageCommitmentTicket ticket;
        await using (var association = await client.AssociateAsync(Request(), CancellationToken.None))
        {
            ticket = await association.RequestStorageCommitmentAsync([Ct("1.2.3.1")], CancellationToken.None, "1.2.3.777");
            await association.ReleaseAsync(CancellationToken.None);
        }

        release.SetResult();
        var (report, callingAe) = await inbox.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("1.2.3.777", ticket.TransactionUid);
        Assert.Equal("1.2.3.777", report.TransactionUid);
        Assert.Equal([Ct("1.2.3.1")], report.Committed);
        Assert.Empty(report.Failed);
        Assert.Equal("ARCHIVE", callingAe);
    }

    [Fact]
    public async Task Without_a_commitment_handler_the_N_ACTION_is_refused_and_the_association_goes_on()
    {
        var transport = new InMemoryTransport();
        await using var archive = await StartAsync(transport, "ARCHIVE", new DicomServiceHandlers());
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(archive), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } });
        await using var association = await client.AssociateAsync(Request(), CancellationToken.None);

        var ticket = await association.RequestStorageCommitmentAsync([Ct("1.2.3.1")], CancellationToken.None);

        Assert.Equal(DicomStatus.SopClassNotSupported, ticket.Status);
        Assert.True(association.IsOpen);
    }
}

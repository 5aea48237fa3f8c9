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

    private static async Task<DicomServer> StartAsync(IDicomTransport transport, string ae, DicomServiceHandlers handlers, EventLoggerFactory? log = null)
    {
        var policy = new AssociationPolicy { CalledAeTitles = { ae } }
            .Accept(DicomUids.StorageCommitmentPushModelSOPClass, Native)
            .AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass);
        var server = new DicomServer(new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts }, policy, handlers, log);
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

    /// <summary>
    /// The archive's report must go on a new association (the modality released at once), and the
    /// modality is not listening: <paramref name="modalityComesBack"/> starts it after the first retry.
    /// </summary>
    private static async Task<(EventLoggerFactory Log, ReportInbox Inbox)> RequestThenLeaveAsync(InMemoryTransport transport, CommitmentReportDelivery delivery, bool modalityComesBack, List<DicomServer> servers)
    {
        var log = new EventLoggerFactory();
        var inbox = new ReportInbox();
        var modalityPort = 40999; // nothing listens there yet
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var archive = await StartAsync(
            transport,
            "ARCHIVE",
            new DicomServiceHandlers
            {
                StorageCommitment = new Archive(new HashSet<string> { "1.2.3.1" }, released.Task), // reports only once the requestor has left
                ResolveAeTitle = _ => new DicomClientOptions { Host = "x", Port = Volatile.Read(ref modalityPort), Transport = transport, Timeouts = ServerFixture.FastTimeouts },
                ReportDelivery = delivery,
            },
            log);
        servers.Add(archive);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(archive), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } });
        await using (var association = await client.AssociateAsync(Request(), CancellationToken.None))
        {
            await association.RequestStorageCommitmentAsync([Ct("1.2.3.1")], CancellationToken.None, "1.2.3.778");
            await association.ReleaseAsync(CancellationToken.None);
        }

        released.SetResult();
        if (modalityComesBack)
        {
            await log.WaitForAsync(4215, TimeSpan.FromSeconds(10));
            var modality = await StartAsync(transport, "MODALITY", new DicomServiceHandlers { StorageCommitmentReport = inbox });
            servers.Add(modality);
            Volatile.Write(ref modalityPort, Port(modality));
        }

        return (log, inbox);
    }

    [Fact]
    public async Task A_report_for_a_requestor_that_is_down_is_retried_until_it_is_back()
    {
        var servers = new List<DicomServer>();
        try
        {
            var (log, inbox) = await RequestThenLeaveAsync(new InMemoryTransport(), new CommitmentReportDelivery { MaxAttempts = 10, InitialDelay = TimeSpan.FromMilliseconds(100) }, modalityComesBack: true, servers);

            var (report, callingAe) = await inbox.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("1.2.3.778", report.TransactionUid);
            Assert.Equal([Ct("1.2.3.1")], report.Committed);
            Assert.Equal("ARCHIVE", callingAe);
            Assert.Contains(log.Events, e => e.Id.Id == 4215 && e.Message.Contains("attempt 1 of 10", StringComparison.Ordinal));
            Assert.DoesNotContain(log.Events, e => e.Id.Id == 4216);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_report_that_cannot_be_delivered_is_retried_the_configured_number_of_times_with_a_growing_delay_then_dropped()
    {
        var servers = new List<DicomServer>();
        try
        {
            var (log, _) = await RequestThenLeaveAsync(new InMemoryTransport(), new CommitmentReportDelivery { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(50) }, modalityComesBack: false, servers);

            var gaveUp = await log.WaitForAsync(4216, TimeSpan.FromSeconds(10));
            Assert.Contains("1.2.3.778", gaveUp, StringComparison.Ordinal);
            Assert.Contains("after 3 attempts", gaveUp, StringComparison.Ordinal);
            var retries = log.Events.Where(e => e.Id.Id == 4215).Select(e => e.Message).ToList();
            Assert.Equal(2, retries.Count);
            Assert.Contains("attempt 1 of 3", retries[0], StringComparison.Ordinal);
            Assert.Contains("retrying in 0.05 s", retries[0], StringComparison.Ordinal);
            Assert.Contains("retrying in 0.1 s", retries[1], StringComparison.Ordinal);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public void The_delay_doubles_up_to_its_maximum()
    {
        var delivery = new CommitmentReportDelivery { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(30) };

        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(a => delivery.DelayAfter(a).TotalSeconds));
    }

    private sealed class EndlessArchive : IStorageCommitmentHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }

            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_commitment_still_running_is_cancelled_when_the_server_stops()
    {
        var transport = new InMemoryTransport();
        var handler = new EndlessArchive();
        var archive = await StartAsync(transport, "ARCHIVE", new DicomServiceHandlers { StorageCommitment = handler });
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = Port(archive), Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(5) } });
        await using (var association = await client.AssociateAsync(Request(), CancellationToken.None))
        {
            await association.RequestStorageCommitmentAsync([Ct("1.2.3.1")], CancellationToken.None);
            await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await association.ReleaseAsync(CancellationToken.None);
        }

        Assert.False(handler.Cancelled.Task.IsCompleted);
        await archive.DisposeAsync();

        await handler.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

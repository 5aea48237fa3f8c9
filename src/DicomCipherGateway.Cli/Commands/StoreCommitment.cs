using System.CommandLine;
using System.Globalization;
using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg store --commit</c>: after the C-STOREs, Storage Commitment Push Model (N-ACTION) for the
/// instances the peer accepted, then the wait for its N-EVENT-REPORT, on the same association or
/// on a new one the peer opens to our listener (<c>--commit-port</c>).
/// </summary>
internal sealed class StoreCommitment
{
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    public Option<bool> Commit { get; } = new("--commit") { Description = "After storing, ask the peer for storage commitment (N-ACTION) and wait for its report." };

    public Option<double> CommitTimeout { get; } = new("--commit-timeout") { Description = "Seconds to wait for the storage commitment report.", DefaultValueFactory = _ => 60 };

    public Option<int?> CommitPort { get; } = new("--commit-port") { Description = "Also listen on this port for the report on a new association from the peer (called AE: our --aet). Without it the report must come on the same association." };

    public void AddTo(Command command)
    {
        command.Options.Add(Commit);
        command.Options.Add(CommitTimeout);
        command.Options.Add(CommitPort);
    }

    public bool IsRequested(ParseResult result)
    {
        var port = result.GetValue(CommitPort);
        if (port is not null && !result.GetValue(Commit))
        {
            throw new CommandLineException("--commit-port goes with --commit.");
        }

        if (port is < 1 or > 65535)
        {
            throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"--commit-port must be a TCP port (1-65535), not {port}."));
        }

        return result.GetValue(Commit);
    }

    /// <summary>The presentation context the commitment needs on the store association.</summary>
    public static PresentationContextProposal Context => new(DicomUids.StorageCommitmentPushModelSOPClass, Native);

    public TimeSpan Timeout(ParseResult result)
    {
        var seconds = result.GetValue(CommitTimeout);
        return seconds > 0 && !double.IsNaN(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"--commit-timeout must be positive, not {seconds}."));
    }

    /// <summary>Starts the listener for reports on a new association, when <c>--commit-port</c> asks for one (before the N-ACTION, so no early report is missed).</summary>
    public async Task<(DicomServer? Server, CommitmentReportCollector Inbox)> ListenAsync(ParseResult result, NetworkOptions network, CancellationToken cancellationToken)
    {
        var inbox = new CommitmentReportCollector();
        if (result.GetValue(CommitPort) is not { } port)
        {
            return (null, inbox);
        }

        var policy = new AssociationPolicy { CalledAeTitles = { result.GetValue(network.CallingAe)! } }
            .Accept(DicomUids.VerificationSOPClass, Native)
            .Accept(DicomUids.StorageCommitmentPushModelSOPClass, Native)
            .AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass);

        // The listener presents --tls-cert when one is given; otherwise it is plain TCP.
        var transport = result.GetValue(network.TlsCertificate) is null ? new SocketTransport() : network.ServerTransport(result);
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Any, port), Transport = transport, MaxAssociations = 4, Timeouts = network.Timeouts(result) },
            policy,
            new DicomServiceHandlers { StorageCommitmentReport = inbox });
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return (server, inbox);
    }

    /// <summary>Requests the commitment, waits for the report, prints it; returns the exit code.</summary>
    public async Task<int> RunAsync(DicomClientAssociation association, IReadOnlyList<SopReference> stored, CommitmentReportCollector inbox, bool listening, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            Console.Error.WriteLine("dcg store: nothing was stored, so there is nothing to commit.");
            return ExitCodes.NotCommitted;
        }

        StorageCommitmentTicket ticket;
        try
        {
            ticket = await association.RequestStorageCommitmentAsync(stored, cancellationToken);
        }
        catch (DicomNetworkException e) when (association.IsOpen)
        {
            Console.Error.WriteLine($"dcg store: storage commitment not possible: {e.Message}");
            return ExitCodes.NotCommitted;
        }

        if (!ticket.Status.IsSuccess)
        {
            Console.Error.WriteLine($"dcg store: the peer refused the storage commitment request (N-ACTION status {ticket.Status}).");
            return ExitCodes.NotCommitted;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Storage commitment {ticket.TransactionUid} requested for {stored.Count} instances; waiting up to {timeout.TotalSeconds:0.#} s for the report"));
        var report = await WaitAsync(association, inbox, listening, ticket.TransactionUid, timeout, cancellationToken);
        if (report is null)
        {
            return ExitCodes.NotCommitted;
        }

        return Print(report, stored) ? ExitCodes.Success : ExitCodes.NotCommitted;
    }

    private static async Task<StorageCommitmentResult?> WaitAsync(DicomClientAssociation association, CommitmentReportCollector inbox, bool listening, string transactionUid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var waits = new List<Task<StorageCommitmentResult>> { association.WaitForStorageCommitmentAsync(transactionUid, deadline.Token) };
        if (listening)
        {
            waits.Add(inbox.WaitAsync(transactionUid).WaitAsync(deadline.Token));
        }

        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits);
            waits.Remove(done);
            try
            {
                return await done;
            }
            catch (DicomNetworkException) when (waits.Count > 0)
            {
                // The peer ended the association; the report may still come to our listener.
            }
            catch (DicomNetworkException e)
            {
                Console.Error.WriteLine($"dcg store: no storage commitment report: the association ended first ({e.Message}); use --commit-port if the peer reports on a new association.");
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dcg store: no storage commitment report within {timeout.TotalSeconds:0.#} s."));
                return null;
            }
        }

        return null;
    }

    /// <summary>Prints the counts and each instance not committed; true when every stored instance was committed.</summary>
    private static bool Print(StorageCommitmentResult report, IReadOnlyList<SopReference> stored)
    {
        var committed = report.Committed.Select(r => r.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        var failed = new Dictionary<string, ushort>(StringComparer.Ordinal);
        foreach (var failure in report.Failed)
        {
            failed.TryAdd(failure.Reference.SopInstanceUid, failure.FailureReason);
        }

        var unanswered = stored.Where(s => !committed.Contains(s.SopInstanceUid) && !failed.ContainsKey(s.SopInstanceUid)).ToList();
        var notCommitted = stored.Count(s => !committed.Contains(s.SopInstanceUid));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Storage commitment {report.TransactionUid}: {stored.Count - notCommitted} committed, {notCommitted} not committed"));
        foreach (var (uid, reason) in failed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not committed {uid}: failure reason {reason:X4}"));
        }

        foreach (var reference in unanswered)
        {
            Console.WriteLine($"not committed {reference.SopInstanceUid}: not in the report");
        }

        return notCommitted == 0;
    }
}

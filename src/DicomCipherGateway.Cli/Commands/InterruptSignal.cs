using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// Ctrl-C and SIGTERM for verbs that end an operation with the peer rather than drop it
/// (find, move, get: C-CANCEL, then the peer's final counts). The first signal cancels
/// <see cref="Token"/>; a second one ends the process at once, as usual. System.CommandLine's
/// own handler is switched off for these verbs (Program.cs), since it exits after 2 s.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private readonly string _message;
    private int _signals;

    /// <param name="message">What the first signal does, printed when it arrives.</param>
    public InterruptSignal(CancellationToken outer, string message = "asking the peer to cancel (C-CANCEL) and waiting for its final response")
    {
        _message = message;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>The verbs that own their interruption (see Program.cs).</summary>
    public static FrozenSet<string> Verbs { get; } = FrozenSet.Create(StringComparer.Ordinal, "find", "move", "get", "demo");

    public CancellationToken Token => _cancel.Token;

    /// <summary>True once a signal asked the verb to stop.</summary>
    public bool Interrupted => Volatile.Read(ref _signals) > 0;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return; // the default action: terminate now
        }

        context.Cancel = true;
        Console.Error.WriteLine($"dcg: interrupted: {_message}; Ctrl-C again quits at once");
        _cancel.Cancel();
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cancel.Dispose();
    }
}

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Exit codes of dcg (docs/cli.md). Stable: scripts depend on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad command line (System.CommandLine's own parse errors also exit 1).</summary>
    public const int Usage = 1;

    /// <summary>Input file missing or unreadable.</summary>
    public const int InputNotFound = 2;

    /// <summary>Input is not valid DICOM (the message names tag and offset).</summary>
    public const int MalformedInput = 3;

    /// <summary>The requested conversion is not supported (no codec).</summary>
    public const int Unsupported = 4;

    /// <summary>The output could not be written.</summary>
    public const int OutputFailed = 5;

    /// <summary>Network verbs: the peer could not be reached, the connection broke or a timer expired.</summary>
    public const int NetworkFailed = 20;

    /// <summary>Network verbs: the peer rejected the association (the message says why).</summary>
    public const int AssociationRejected = 21;

    /// <summary>Network verbs: the peer answered with a failure (or some sub-operations failed).</summary>
    public const int OperationFailed = 22;

    /// <summary><c>dcg store --commit</c>: some stored instance was not committed, or no report came in time.</summary>
    public const int NotCommitted = 23;

    /// <summary>Interrupted (Ctrl-C, SIGTERM); for find/move/get also when the peer confirmed the C-CANCEL.</summary>
    public const int Cancelled = 130;

    /// <summary>A step of <c>dcg demo</c> failed its check.</summary>
    public const int DemoFailed = 10;
}

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

    /// <summary><c>dcg verify-pacs</c>: the PACS accepted the test object but it could not be retrieved.</summary>
    public const int PacsNotRetrieved = 30;

    /// <summary><c>dcg verify-pacs</c>: the PACS dropped or damaged the ciphertext private block: decryption is impossible.</summary>
    public const int PacsPrivateBlockStripped = 31;

    /// <summary><c>dcg verify-pacs</c>: the PACS transcoded the object or changed its Pixel Data bytes.</summary>
    public const int PacsTranscoded = 32;

    /// <summary><c>dcg verify-pacs</c>: block and pixels look intact, but strict decryption refused the object (e.g. a sealed attribute changed).</summary>
    public const int PacsDecryptionFailed = 33;

    /// <summary><c>dcg verify-pacs</c>: decryption works, but the PACS changed public header attributes (listed by name).</summary>
    public const int PacsHeaderChanged = 34;

    /// <summary><c>dcg verify-pacs</c>: decryption works, the PACS moved the private block to another block number.</summary>
    public const int PacsPrivateBlockMoved = 35;
}

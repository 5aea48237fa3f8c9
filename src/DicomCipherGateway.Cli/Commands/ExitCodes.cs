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
}

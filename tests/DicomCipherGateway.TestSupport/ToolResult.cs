namespace DicomCipherGateway.TestSupport;

/// <summary>Exit code and output of an external tool run.</summary>
public sealed record ToolResult(string Tool, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with the tool's output when it failed.</summary>
    public ToolResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{Tool} exited with {ExitCode}:\n{StdErr}\n{StdOut}");
}

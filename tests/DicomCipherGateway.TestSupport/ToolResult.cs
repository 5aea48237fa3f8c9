namespace DicomCipherGateway.TestSupport;

/// <summary>Exit code and output of an external tool run.</summary>
public sealed record ToolResult(string Tool, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with the tool's output when it failed.</summary>
    public ToolResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{Tool} exited with {ExitCode}:\n{StdErr}\n{StdOut}");

    /// <summary>Throws when the tool failed or printed a DCMTK warning or error line ("W: ", "E: ").</summary>
    public ToolResult EnsureNoWarnings()
    {
        EnsureSuccess();
        var output = StdErr + "\n" + StdOut;
        return output.Contains("W: ", StringComparison.Ordinal) || output.Contains("E: ", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"{Tool} warned:\n{StdErr}\n{StdOut}")
            : this;
    }
}

namespace DicomCipherGateway.Testing;

/// <summary>What a finished external program returned.</summary>
public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with the program's own words unless it exited 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{FileName} {string.Join(' ', Arguments)} exited with {ExitCode}: {StdErr}{StdOut}");
        }

        return this;
    }
}

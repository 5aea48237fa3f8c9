namespace DicomCipherGateway.Testing;

/// <summary>dicom3tools' IOD verifier: the judge of whether an object we wrote is valid.</summary>
public static class Dciodvfy
{
    /// <summary>The lines dciodvfy reports as errors ("Error - ...") for <paramref name="path"/>.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(string path)
    {
        var result = await ExternalProcess.RunAsync("dciodvfy", [path]).ConfigureAwait(false);
        return (result.StdErr + result.StdOut)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("Error", StringComparison.Ordinal))
            .ToArray();
    }
}

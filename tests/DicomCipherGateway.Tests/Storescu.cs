using System.Globalization;
using System.Text.RegularExpressions;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>DCMTK storescu as the modality, and what it reported per file.</summary>
internal static partial class Storescu
{
    public sealed record Result(ToolResult Tool, IReadOnlyList<string> Statuses)
    {
        public int Successes => Statuses.Count(s => s == "Success");

        public string Text => Tool.StdOut + Tool.StdErr;
    }

    public static async Task<Result> SendAsync(int port, string callingAe, IEnumerable<string> files, TimeSpan? timeout = null, params string[] options)
    {
        var args = new List<string>(options) { "-v", "-aet", callingAe, "-aec", GatewayConfig.AeTitle, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(files);
        var tool = await DcmtkTools.RunAsync("storescu", args, timeout ?? TimeSpan.FromMinutes(3));
        var statuses = StoreResponse().Matches(tool.StdOut + tool.StdErr).Select(m => m.Groups[1].Value).ToList();
        return new Result(tool, statuses);
    }

    [GeneratedRegex(@"Received Store Response \(([^)]*)\)")]
    private static partial Regex StoreResponse();
}

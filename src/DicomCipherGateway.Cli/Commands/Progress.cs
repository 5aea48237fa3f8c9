using System.Globalization;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Progress lines and exit codes of the retrieve verbs.</summary>
internal static class Progress
{
    public static void Report(CRetrieveResponse response)
    {
        var remaining = response.Remaining is { } r ? r.ToString(CultureInfo.InvariantCulture) : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(response.IsFinal ? "final" : "pending")} {response.Status}: {response.Completed} completed, {response.Failed} failed, {response.Warning} warnings, {remaining} remaining"));
        foreach (var uid in response.FailedSopInstanceUids)
        {
            Console.WriteLine($"failed {uid}");
        }
    }

    public static int ExitCode(CRetrieveResponse? final) => final switch
    {
        { Status.IsSuccess: true } => ExitCodes.Success,
        { Status.Category: DicomStatusCategory.Cancel } => ExitCodes.Cancelled,
        { Status.IsCompleted: true, Failed: 0 } => ExitCodes.Success,
        _ => ExitCodes.OperationFailed,
    };
}

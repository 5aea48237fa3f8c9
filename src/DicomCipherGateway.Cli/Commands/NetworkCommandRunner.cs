using System.Net.Sockets;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Network;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Runs a network verb: expected failures become one line on stderr and an exit code from <see cref="ExitCodes"/>.</summary>
internal static class NetworkCommandRunner
{
    public static async Task<int> RunAsync(string verb, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CommandLineException e)
        {
            return Fail(verb, e.Message, ExitCodes.Usage);
        }
        catch (AssociationRejectedException e)
        {
            return Fail(verb, e.Message, ExitCodes.AssociationRejected);
        }
        catch (Exception e) when (e is DicomNetworkException or SocketException)
        {
            return Fail(verb, e.Message, ExitCodes.NetworkFailed);
        }
        catch (DicomException e)
        {
            return Fail(verb, e.Message, ExitCodes.MalformedInput);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return Fail(verb, e.Message, ExitCodes.InputNotFound);
        }
        catch (OperationCanceledException e)
        {
            // With an inner exception: the peer did not answer the C-CANCEL and the association was aborted.
            return Fail(verb, e.InnerException is null ? "cancelled" : $"cancelled: {e.Message}", ExitCodes.Cancelled);
        }
    }

    private static int Fail(string verb, string message, int code)
    {
        Console.Error.WriteLine($"dcg {verb}: {message.ReplaceLineEndings(" ")}");
        return code;
    }
}

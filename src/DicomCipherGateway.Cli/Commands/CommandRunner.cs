using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Runs a verb's body, turning the engine's expected errors into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CommandLineException ex)
        {
            Console.Error.WriteLine($"dcg: {ex.Message}");
            return 2;
        }
        catch (KeyGenerationException ex)
        {
            Console.Error.WriteLine($"dcg: key generation failed: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("dcg: cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is KeyFileException or SealedEnvelopeException or IOException or InvalidDataException
            or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"dcg: {ex.Message}");
            return 1;
        }
    }
}

namespace DicomCipherGateway.Cli.Commands;

/// <summary>A usage error the command reports in one line (exit code 2).</summary>
internal sealed class CommandLineException(string message) : Exception(message);

namespace DicomCipherGateway.Cli.Commands;

/// <summary>A demo step's check failed; the message says which and why.</summary>
internal sealed class DemoFailedException(string message) : Exception(message);

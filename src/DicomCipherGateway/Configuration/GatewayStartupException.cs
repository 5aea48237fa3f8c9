namespace DicomCipherGateway.Configuration;

/// <summary>The gateway cannot start; the message names the setting to fix.</summary>
public sealed class GatewayStartupException(string setting, string message, Exception? inner = null)
    : Exception($"{setting}: {message}", inner)
{
    public string Setting { get; } = setting;
}

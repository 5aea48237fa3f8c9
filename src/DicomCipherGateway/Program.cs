using DicomCipherGateway;
using DicomCipherGateway.Configuration;
using Microsoft.Extensions.Options;

// Exit codes: 0 stopped normally; 2 a setting is wrong (the message names it); 1 anything else.
try
{
    await using var app = GatewayHost.Build(args);
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OperationCanceledException)
{
    // Stopped (SIGTERM, Ctrl-C) while still starting: a clean stop, nothing was acknowledged half-way.
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("dicom-cipher-gateway cannot start, fix the configuration:\n  " + string.Join("\n  ", e.Failures)).ConfigureAwait(false);
    return 2;
}
catch (GatewayStartupException e)
{
    await Console.Error.WriteLineAsync("dicom-cipher-gateway cannot start: " + e.Message).ConfigureAwait(false);
    return 2;
}
catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    // The binder names the key it could not convert ("... at 'Gateway:Port' to type 'System.Int32'").
    await Console.Error.WriteLineAsync("dicom-cipher-gateway cannot start, fix the configuration: " + e.Message).ConfigureAwait(false);
    return 2;
}
catch (IOException e) when (e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync("dicom-cipher-gateway cannot start: Gateway:Http:Url: " + e.Message).ConfigureAwait(false);
    return 2;
}

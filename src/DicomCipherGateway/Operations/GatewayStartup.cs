using DicomCipherGateway.Encryption;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Hosting;

namespace DicomCipherGateway.Operations;

/// <summary>
/// The first hosted service: opens the spool queue (sweeping what a crash left) and loads the
/// cipher (device, keyring, active key), so that every job after it starts with both ready and a
/// bad spool path or missing key stops the start with a message naming the setting.
/// </summary>
internal sealed class GatewayStartup(ISpoolQueue queue, SpoolPaths paths, CipherRuntime cipher) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            paths.Create();
            await queue.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new Configuration.GatewayStartupException("Gateway:Spool:Path", $"the spool '{paths.Root}' cannot be used ({e.Message}).", e);
        }

        cipher.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

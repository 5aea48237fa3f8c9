using DicomCipherGateway.Encryption;
using DicomCipherGateway.Forwarding;
using DicomCipherGateway.Spool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomCipherGateway.Operations;

/// <summary>The loopback HTTP endpoint: health, readiness, Prometheus metrics, the queue and its dead letters, the keys (<see cref="KeyEndpoints"/>).</summary>
internal static class GatewayEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", Readiness);
        app.MapGet("/metrics", async (HttpContext http, GatewayMetrics metrics) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/queue", async (ISpoolQueue queue, CancellationToken ct) =>
            Results.Json((await queue.CountAsync(ct).ConfigureAwait(false)).ToDictionary(p => p.Key.ToString(), p => p.Value)));
        app.MapGet("/dead-letters", async (ISpoolQueue queue, CancellationToken ct) =>
            Results.Json((await queue.ListAsync(SpoolState.DeadLetter, 10_000, ct).ConfigureAwait(false)).Select(DeadLetterView.From)));
        app.MapPost("/dead-letters/retry", (ISpoolQueue queue, SpoolSignals signals, CancellationToken ct) => RetryAsync(queue, signals, null, ct));
        app.MapPost("/dead-letters/{id:long}/retry", (long id, ISpoolQueue queue, SpoolSignals signals, CancellationToken ct) => RetryAsync(queue, signals, id, ct));
        app.MapDelete("/dead-letters", async (ISpoolQueue queue, CancellationToken ct) =>
            Results.Json(new { purged = await queue.PurgeDeadLettersAsync(null, ct).ConfigureAwait(false) }));
        app.MapDelete("/dead-letters/{id:long}", async (long id, ISpoolQueue queue, CancellationToken ct) =>
            Results.Json(new { purged = await queue.PurgeDeadLettersAsync(id, ct).ConfigureAwait(false) }));
        KeyEndpoints.Map(app);
    }

    private static async Task<IResult> RetryAsync(ISpoolQueue queue, SpoolSignals signals, long? id, CancellationToken ct)
    {
        var count = await queue.RetryDeadLettersAsync(id, ct).ConfigureAwait(false);
        signals.Received();
        signals.Encrypted();
        return Results.Json(new { retried = count });
    }

    private static IResult Readiness(CipherRuntime cipher, SpoolPaths paths, SpoolSpace space, PacsEchoProbe echo)
    {
        var problems = new List<string>();
        if (!cipher.IsLoaded)
        {
            problems.Add("the active key is not loaded");
        }
        else
        {
            if (cipher.ActiveKeyFileProblem() is { } keyFile)
            {
                problems.Add(keyFile);
            }

            if (cipher.ConfigurationProblem is { } configured)
            {
                problems.Add(configured);
            }
        }

        try
        {
            var probe = Path.Combine(paths.Root, $".ready-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the spool is not writable ({e.Message})");
        }

        if (!space.AboveWatermark)
        {
            problems.Add($"spool free space {space.FreeBytes} is below Spool:MinFreeBytes {space.MinFreeBytes}");
        }

        if (echo.Last is not { Reachable: true } last)
        {
            problems.Add($"the PACS does not answer C-ECHO ({echo.Last?.Detail ?? "not checked yet"})");
        }

        var body = new
        {
            ready = problems.Count == 0,
            problems,
            device = cipher.IsLoaded ? cipher.Environment.DeviceName : null,
            activeKeyId = cipher.IsLoaded ? cipher.Current.KeyId.ToString() : null,
            pacsCheckedAt = echo.Last?.At,
        };
        return Results.Json(body, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record DeadLetterView(long Id, string SopInstanceUid, string SopClassUid, string CallingAeTitle, string? Reason, int Attempts, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt)
    {
        public static DeadLetterView From(SpoolItem item) =>
            new(item.Id, item.SopInstanceUid, item.SopClassUid, item.CallingAeTitle, item.LastError, item.Attempts, item.ReceivedAt, item.UpdatedAt);
    }
}

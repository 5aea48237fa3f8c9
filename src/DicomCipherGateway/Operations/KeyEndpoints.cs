using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Encryption;
using DicomCipherGateway.Spool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Operations;

/// <summary>
/// The keyring on the loopback admin endpoint: list the keys, make one active (rotation without a
/// restart), retire one. Retiring moves the key file into the keyring's <c>retired/</c> folder
/// (never deletes it), and is refused for the active key and for a key objects in the spool still need.
/// </summary>
internal static class KeyEndpoints
{
    /// <summary>Subfolder of the keyring that retired key files move to (the keyring does not read it).</summary>
    public const string RetiredFolder = "retired";

    /// <summary>Spool states whose objects still need their key: sealed under it, or ciphertext not yet delivered.</summary>
    private static readonly SpoolState[] Pending = [SpoolState.Received, SpoolState.Encrypted, SpoolState.DeadLetter];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/keys", ListAsync);
        app.MapPost("/keys/{id}/activate", Activate);
        app.MapPost("/keys/{id}/retire", RetireAsync);
    }

    private static async Task<IResult> ListAsync(CipherRuntime cipher, ISpoolQueue queue, CancellationToken ct)
    {
        if (!cipher.IsLoaded)
        {
            return Results.Json(new { error = "the cipher is not started" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var active = cipher.Current.KeyId;
        var pending = await PendingByKeyAsync(queue, ct).ConfigureAwait(false);
        IReadOnlyList<KeyringEntry> entries;
        try
        {
            entries = Keyring.List(cipher.Keyring.DirectoryPath, active);
        }
        catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
        {
            return Results.Json(new { error = $"the keyring cannot be read ({e.Message})" }, statusCode: StatusCodes.Status500InternalServerError);
        }

        var keys = entries.Select(e => new
        {
            keyId = e.Header.KeyId.ToString(),
            file = e.Path,
            created = e.Header.Created,
            active = e.IsActive,
            spoolObjects = pending.GetValueOrDefault(e.Header.KeyId.ToString()),
        }).ToList();
        if (!entries.Any(e => e.IsActive))
        {
            // The active key's file has gone: the loaded copy still encrypts, /readyz reports it.
            keys.Insert(0, new { keyId = active.ToString(), file = (string)null!, created = default(DateTimeOffset), active = true, spoolObjects = pending.GetValueOrDefault(active.ToString()) });
        }

        return Results.Json(new { activeKeyId = active.ToString(), keyring = cipher.Keyring.DirectoryPath, keys });
    }

    private static IResult Activate(string id, CipherRuntime cipher)
    {
        if (!cipher.IsLoaded)
        {
            return Results.Json(new { error = "the cipher is not started" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!TryParse(id, out var keyId))
        {
            return Results.Json(new { error = $"'{id}' is not a key id (32 hex digits)" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var previous = cipher.Current.KeyId;
        try
        {
            cipher.Activate(keyId, "admin endpoint");
        }
        catch (KeyNotFoundException)
        {
            return Results.Json(new { error = $"key {keyId} is not in the keyring '{cipher.Keyring.DirectoryPath}': copy its .dcgkey file there first" }, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (e is KeyFileException or SealedEnvelopeException or IOException)
        {
            return Results.Json(new { error = $"key {keyId} cannot be opened ({e.Message}); {previous} stays active" }, statusCode: StatusCodes.Status409Conflict);
        }

        return Results.Json(new { activeKeyId = keyId.ToString(), previousKeyId = previous.ToString() });
    }

    private static async Task<IResult> RetireAsync(string id, CipherRuntime cipher, ISpoolQueue queue, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(KeyEndpoints).FullName!);
        if (!cipher.IsLoaded)
        {
            return Results.Json(new { error = "the cipher is not started" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!TryParse(id, out var keyId))
        {
            return Results.Json(new { error = $"'{id}' is not a key id (32 hex digits)" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (cipher.Current.KeyId.Equals(keyId))
        {
            return Refuse(logger, keyId, "it is the active key: activate another key first");
        }

        var pending = (await PendingByKeyAsync(queue, ct).ConfigureAwait(false)).GetValueOrDefault(keyId.ToString());
        if (pending > 0)
        {
            return Refuse(logger, keyId, $"{pending} object(s) in the spool (received, encrypted or dead letters) still need it: wait until they are forwarded, or retry or purge the dead letters");
        }

        try
        {
            var entry = Keyring.List(cipher.Keyring.DirectoryPath).FirstOrDefault(e => e.Header.KeyId.Equals(keyId));
            if (entry is null)
            {
                return Results.Json(new { error = $"key {keyId} is not in the keyring '{cipher.Keyring.DirectoryPath}'" }, statusCode: StatusCodes.Status404NotFound);
            }

            var retired = Directory.CreateDirectory(Path.Combine(cipher.Keyring.DirectoryPath, RetiredFolder)).FullName;
            var target = Path.Combine(retired, Path.GetFileName(entry.Path));
            File.Move(entry.Path, target, overwrite: false);
            KeyLog.Retired(logger, keyId.ToString(), target);
            return Results.Json(new { retiredKeyId = keyId.ToString(), movedTo = target });
        }
        catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
        {
            return Results.Json(new { error = $"key {keyId} was not retired: {e.Message}" }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult Refuse(ILogger logger, KeyId keyId, string reason)
    {
        KeyLog.RetireRefused(logger, keyId.ToString(), reason);
        return Results.Json(new { error = $"key {keyId} cannot be retired: {reason}" }, statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Objects not yet delivered, by the key they name (the sealing key while Received, the ciphertext's key after).</summary>
    private static async Task<Dictionary<string, int>> PendingByKeyAsync(ISpoolQueue queue, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in Pending)
        {
            foreach (var item in await queue.ListAsync(state, int.MaxValue, ct).ConfigureAwait(false))
            {
                counts[item.KeyId] = counts.GetValueOrDefault(item.KeyId) + 1;
            }
        }

        return counts;
    }

    private static bool TryParse(string text, out KeyId id)
    {
        try
        {
            id = KeyId.Parse(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            id = default;
            return false;
        }
    }
}

using System.Net;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Torch;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Configuration;

/// <summary>
/// Checks every setting at start (ValidateOnStart). Each failure names its configuration key,
/// so an administrator reading the one-line start-up error knows what to fix.
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"Gateway:{key}: {message}");
            }
        }

        Check(IsAeTitle(options.AeTitle), "AeTitle", $"'{options.AeTitle}' is not an AE title (1-16 characters, no backslash or control characters).");
        Check(IPAddress.TryParse(options.Bind, out _), "Bind", $"'{options.Bind}' is not an IP address.");
        Check(options.Port is > 0 and <= 65535, "Port", $"{options.Port} is not a TCP port (1-65535).");
        Check(options.MaxAssociations is >= 1 and <= 1024, "MaxAssociations", $"{options.MaxAssociations} is outside 1-1024.");
        Check(options.MaxPduLength is >= 4096 and <= 16 * 1024 * 1024, "MaxPduLength", $"{options.MaxPduLength} is outside 4096-16777216.");
        Check(options.MaxObjectBytes > 0, "MaxObjectBytes", "must be positive.");
        Check(options.ShutdownTimeout > TimeSpan.Zero, "ShutdownTimeout", "must be positive.");
        ValidatePeers(options.Peers, Check);
        ValidateTls(options.Tls, Check);
        var retrieve = options.Retrieve;
        Check(Enum.TryParse<DicomCipherGateway.Cipher.Objects.LegacyPlaintextRule>(retrieve.LegacyPlaintext, ignoreCase: true, out var legacy), "Retrieve:LegacyPlaintext", $"'{retrieve.LegacyPlaintext}' is not Refuse, AllowCreatedBeforeCutover or Allow.");
        Check(legacy != DicomCipherGateway.Cipher.Objects.LegacyPlaintextRule.AllowCreatedBeforeCutover || retrieve.LegacyCutover is not null, "Retrieve:LegacyCutover", "is required when Retrieve:LegacyPlaintext is AllowCreatedBeforeCutover.");
        Check(retrieve.Timeout > TimeSpan.Zero, "Retrieve:Timeout", "must be positive.");
        Check(retrieve.MaxInstanceBytes > 0, "Retrieve:MaxInstanceBytes", "must be positive.");

        Check(!string.IsNullOrWhiteSpace(options.Spool.Path), "Spool:Path", "is required.");
        Check(options.Spool.MinFreeBytes >= 0, "Spool:MinFreeBytes", "must not be negative.");
        Check(options.Spool.SealChunkBytes is >= 4096 and <= 64 * 1024 * 1024, "Spool:SealChunkBytes", $"{options.Spool.SealChunkBytes} is outside 4096-67108864.");

        var cipher = options.Cipher;
        Check(Directory.Exists(cipher.Keyring), "Cipher:Keyring", $"the keyring directory '{cipher.Keyring}' does not exist.");
        Check(File.Exists(cipher.KekFile), "Cipher:KekFile", $"the KEK file '{cipher.KekFile}' does not exist.");
        Check(cipher.ActiveKeyId is null || (cipher.ActiveKeyId.Length == 32 && cipher.ActiveKeyId.All(Uri.IsHexDigit)), "Cipher:ActiveKeyId", $"'{cipher.ActiveKeyId}' is not a key id (32 hex digits).");
        var profile = Parse(() => ObjectEncryptionOptions.ParseProfile(cipher.Profile), "Cipher:Profile", Check);
        var view = Parse(() => ObjectEncryptionOptions.ParseView(cipher.View), "Cipher:View", Check);
        Check(!(profile == CipherProfile.DlednetPaper && view == CipherView.Noise), "Cipher:View", "noise needs the dlednet-sealed profile (the dlednet profile decrypts from the G(x) view).");
        Parse(() => TorchRuntime.ParseDevice(cipher.Device), "Cipher:Device", Check);
        Check(cipher.Workers is >= 1 and <= 64, "Cipher:Workers", $"{cipher.Workers} is outside 1-64.");
        Check(cipher.Threads is >= 0 and <= 256, "Cipher:Threads", $"{cipher.Threads} is outside 0-256.");
        Check(cipher.BatchSize is >= 1 and <= 256, "Cipher:BatchSize", $"{cipher.BatchSize} is outside 1-256.");

        var forward = options.Forward;
        Check(Enum.IsDefined(forward.Mode), "Forward:Mode", "use Async or Sync.");
        Check(Enum.IsDefined(forward.PacsCommitment), "Forward:PacsCommitment", $"'{forward.PacsCommitment}' is not Auto, Always or Never.");
        Check(forward.Associations is >= 1 and <= 64, "Forward:Associations", $"{forward.Associations} is outside 1-64.");
        Check(forward.MaxRetries is >= 0 and <= 100, "Forward:MaxRetries", $"{forward.MaxRetries} is outside 0-100.");
        Check(forward.PermanentFailureAttempts >= 1, "Forward:PermanentFailureAttempts", "must be at least 1.");
        foreach (var (key, value) in new[]
        {
            ("Forward:IdleTimeout", forward.IdleTimeout), ("Forward:RetryDelay", forward.RetryDelay), ("Forward:MaxRetryDelay", forward.MaxRetryDelay),
            ("Forward:AttemptTimeout", forward.AttemptTimeout), ("Forward:BreakDuration", forward.BreakDuration), ("Forward:SyncTimeout", forward.SyncTimeout),
            ("Forward:EchoInterval", forward.EchoInterval), ("Forward:CommitmentTimeout", forward.CommitmentTimeout),
        })
        {
            Check(value > TimeSpan.Zero, key, "must be a positive duration (hh:mm:ss).");
        }

        Check(forward.BreakDuration >= TimeSpan.FromMilliseconds(500), "Forward:BreakDuration", "must be at least 00:00:00.5.");
        Check(Uri.TryCreate(options.Http.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https", "Http:Url", $"'{options.Http.Url}' is not an http:// URL.");
        Check(!string.IsNullOrWhiteSpace(options.Log.Directory), "Log:Directory", "is required.");
        Check(Enum.TryParse<Serilog.Events.LogEventLevel>(options.Log.Level, ignoreCase: true, out _), "Log:Level", $"'{options.Log.Level}' is not a level (Verbose, Debug, Information, Warning, Error, Fatal).");
        Check(options.Log.RetainedDays >= 1, "Log:RetainedDays", "must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsAeTitle(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 16 && value.All(c => c >= 0x20 && c < 0x7F && c != '\\');

    private static void ValidatePeers(List<PeerOptions> peers, Action<bool, string, string> check)
    {
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            var key = $"Peers:{i}";
            check(IsAeTitle(peer.AeTitle), $"{key}:AeTitle", $"'{peer.AeTitle}' is not an AE title.");
            check(!string.IsNullOrWhiteSpace(peer.Host), $"{key}:Host", "is required.");
            check(peer.Port is > 0 and <= 65535, $"{key}:Port", $"{peer.Port} is not a TCP port (1-65535).");
            check(peer.Roles.Count > 0, $"{key}:Roles", "name at least one of Modality, Workstation, Pacs.");
            check(peer.Retrieve is null or "CGet" or "CMove", $"{key}:Retrieve", $"'{peer.Retrieve}' is not CGet or CMove.");
        }

        var duplicate = peers.GroupBy(p => p.AeTitle, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        check(duplicate is null, "Peers", $"the AE title '{duplicate?.Key}' appears more than once.");
        var pacs = peers.Count(p => p.Roles.Contains(PeerRole.Pacs));
        check(pacs == 1, "Peers", $"exactly one peer must have the role Pacs ({pacs} have it).");
    }

    private static void ValidateTls(TlsOptions tls, Action<bool, string, string> check)
    {
        check(tls.Certificate is null || File.Exists(tls.Certificate), "Tls:Certificate", $"'{tls.Certificate}' does not exist.");
        check((tls.Certificate is null) == (tls.Key is null), "Tls:Key", "Certificate and Key go together.");
        check(tls.Key is null || File.Exists(tls.Key), "Tls:Key", $"'{tls.Key}' does not exist.");
        check(tls.Ca is null || File.Exists(tls.Ca), "Tls:Ca", $"'{tls.Ca}' does not exist.");
    }

    private static T? Parse<T>(Func<T> parse, string key, Action<bool, string, string> check)
        where T : struct
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            check(false, key, e.Message);
            return null;
        }
    }
}

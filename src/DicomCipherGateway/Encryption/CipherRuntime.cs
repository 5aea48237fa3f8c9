using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// The device, the keyring and the encryptors, set up at start: a missing or unreadable key stops
/// start-up with a message naming the setting, instead of failing on the first object. The active
/// key can change while running (<see cref="Activate"/>: the admin endpoint, or a reloaded
/// Gateway:Cipher:ActiveKeyId); every other setting is read once.
/// </summary>
internal sealed class CipherRuntime : IDisposable
{
    private const string ActiveKeySetting = "Gateway:Cipher:ActiveKeyId";

    private readonly GatewayOptions _options;
    private readonly IConfiguration _configuration;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<CipherRuntime> _logger;
    private readonly Lock _activation = new();
    private Keyring? _keyring;
    private KeyEncryptionKey? _kek;
    private volatile ActiveCipher? _current;
    private IDisposable? _reloadRegistration;
    private int _keyFileMissing;

    public CipherRuntime(IOptions<GatewayOptions> options, IConfiguration configuration, GatewayMetrics metrics, ILogger<CipherRuntime> logger)
    {
        _options = options.Value;
        _configuration = configuration;
        _metrics = metrics;
        _logger = logger;
    }

    public TorchEnvironment Environment { get; private set; } = null!;

    public Keyring Keyring => _keyring ?? throw new InvalidOperationException("The cipher runtime is not started.");

    /// <summary>The active key and its encryptors, as one snapshot (take it once per object).</summary>
    public ActiveCipher Current => _current ?? throw new InvalidOperationException("The cipher runtime is not started.");

    /// <summary>The configured profile and view, on the active key.</summary>
    public DicomObjectEncryptor Encryptor => Current.Encryptor;

    /// <summary>Sealed profile, noise view, on the active key: for objects whose pixels G cannot take (compressed syntaxes we cannot decode).</summary>
    public DicomObjectEncryptor NoiseEncryptor => Current.NoiseEncryptor;

    /// <summary>Why the key Gateway:Cipher:ActiveKeyId names is not the active one after a reload; null when it is (or names none).</summary>
    public string? ConfigurationProblem { get; private set; }

    public bool IsLoaded => _keyring is not null;

    public void Start()
    {
        var cipher = _options.Cipher;
        Environment = TorchRuntime.Configure(TorchRuntime.ParseDevice(cipher.Device), cipher.Threads);
        KeyEncryptionKey kek;
        try
        {
            kek = KeyEncryptionKey.FromFile(cipher.KekFile);
        }
        catch (KeyFileException e)
        {
            throw new GatewayStartupException("Gateway:Cipher:KekFile", e.Message, e);
        }

        // The KEK lives as long as the keyring: keys other than the active one are opened when
        // first asked for (decrypting older ciphertext, rotation), long after start.
        _kek = kek;
        KeyId active;
        if (cipher.ActiveKeyId is { } id)
        {
            active = KeyId.Parse(id);
        }
        else
        {
            var keys = Keyring.List(cipher.Keyring);
            if (keys.Count != 1)
            {
                throw new GatewayStartupException("Gateway:Cipher:ActiveKeyId", $"the keyring '{cipher.Keyring}' holds {keys.Count} keys; name the active one.");
            }

            active = keys[0].Header.KeyId;
        }

        try
        {
            _keyring = new Keyring(cipher.Keyring, active, kek, Environment.Device);
        }
        catch (Exception e) when (e is KeyFileException or SealedEnvelopeException or IOException)
        {
            throw new GatewayStartupException("Gateway:Cipher:ActiveKeyId", $"the active key {active} cannot be opened from '{cipher.Keyring}' ({e.Message})", e);
        }

        _current = Build(active);
        _metrics.Device.WithLabels(Environment.DeviceName, Environment.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(1);
        _metrics.ActiveKey.WithLabels(active.ToString()).Set(1);
        EncryptionLog.CipherReady(_logger, Environment.ToString(), active.ToString(), cipher.Profile, cipher.View);
        _reloadRegistration = ChangeToken.OnChange(_configuration.GetReloadToken, OnConfigurationReloaded);
    }

    /// <summary>
    /// Makes <paramref name="id"/> the key that seals and encrypts from now on, without a restart.
    /// The key is opened first (the keyring folder is rescanned for it), so a missing or unreadable
    /// key changes nothing. Objects already sealed or encrypted keep naming their own key.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No key file in the keyring has this id.</exception>
    /// <exception cref="KeyFileException">The key file cannot be opened.</exception>
    public void Activate(KeyId id, string source)
    {
        lock (_activation)
        {
            var previous = Current.KeyId;
            if (previous.Equals(id))
            {
                return;
            }

            Keyring.Activate(id);
            _current = Build(id);
            _metrics.ActiveKey.WithLabels(previous.ToString()).Set(0);
            _metrics.ActiveKey.WithLabels(id.ToString()).Set(1);
            KeyLog.Activated(_logger, previous.ToString(), id.ToString(), source);
        }
    }

    /// <summary>
    /// Null while the active key's file is in the keyring folder; else what is wrong (the loaded copy
    /// keeps working). Logged once when the file goes missing and once when it is back.
    /// </summary>
    public string? ActiveKeyFileProblem()
    {
        var id = Current.KeyId;
        string? problem;
        try
        {
            problem = Keyring.IsOnDisk(id)
                ? null
                : $"the active key {id} has no file in the keyring '{Keyring.DirectoryPath}' any more (its loaded copy still encrypts; restore the file from the backup)";
        }
        catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
        {
            problem = $"the keyring '{Keyring.DirectoryPath}' cannot be read ({e.Message})";
        }

        var missing = problem is null ? 0 : 1;
        if (Interlocked.Exchange(ref _keyFileMissing, missing) != missing)
        {
            if (problem is null)
            {
                KeyLog.KeyFileRestored(_logger, id.ToString());
            }
            else
            {
                KeyLog.KeyFileMissing(_logger, id.ToString(), problem);
            }
        }

        return problem;
    }

    public void Dispose()
    {
        _reloadRegistration?.Dispose();
        _keyring?.Dispose();
        _kek?.Dispose();
    }

    private ActiveCipher Build(KeyId id)
    {
        var cipher = _options.Cipher;
        var key = Keyring.Get(id);
        var inference = InferenceOptions.Default with { BatchSize = cipher.BatchSize };
        return new ActiveCipher(
            id,
            new DicomObjectEncryptor(key, new ObjectEncryptionOptions(ObjectEncryptionOptions.ParseProfile(cipher.Profile), ObjectEncryptionOptions.ParseView(cipher.View), inference)),
            new DicomObjectEncryptor(key, new ObjectEncryptionOptions(Cipher.Engine.CipherProfile.DlednetSealed, CipherView.Noise, inference)));
    }

    /// <summary>
    /// A reloaded configuration is the truth: when its Gateway:Cipher:ActiveKeyId names another key
    /// than the active one, that key is activated (an admin action lasts until the next reload or
    /// restart). A bad id is logged and reported by /readyz, never fatal.
    /// </summary>
    private void OnConfigurationReloaded()
    {
        var configured = _configuration[ActiveKeySetting]?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            return;
        }

        try
        {
            Activate(KeyId.Parse(configured), "configuration reload");
            ConfigurationProblem = null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException or KeyFileException or SealedEnvelopeException or IOException)
        {
            ConfigurationProblem = $"{ActiveKeySetting} names {configured}, which cannot be made active ({e.Message}); {Current.KeyId} still encrypts";
            KeyLog.ActivationFailed(_logger, configured, "configuration reload", e.Message, Current.KeyId.ToString());
        }
    }

    /// <summary>
    /// Runs G once on a small blank frame, on the thread that will run it for objects: the folded
    /// fast path is built and the code paths compiled before the first object waits for them
    /// (the first object took 2–3 s against ~0.5 s for the next ones, 512×512 on a loaded CPU).
    /// </summary>
    public void WarmUp()
    {
        if (Encryptor.Options.View == CipherView.G)
        {
            Keyring.Get(Current.KeyId).Encrypt([Cipher.Pixels.FloatImage.Create(64, 64)], Encryptor.Options.InferenceOrDefault);
        }
    }
}

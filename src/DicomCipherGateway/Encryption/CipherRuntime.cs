using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// The device, the keyring and the encryptors, set up once at start: a missing or unreadable
/// key stops start-up with a message naming the setting, instead of failing on the first object.
/// </summary>
internal sealed class CipherRuntime : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<CipherRuntime> _logger;
    private Keyring? _keyring;

    public CipherRuntime(IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<CipherRuntime> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    public TorchEnvironment Environment { get; private set; } = null!;

    public Keyring Keyring => _keyring ?? throw new InvalidOperationException("The cipher runtime is not started.");

    /// <summary>The configured profile and view.</summary>
    public DicomObjectEncryptor Encryptor { get; private set; } = null!;

    /// <summary>Sealed profile, noise view: for objects whose pixels G cannot take (compressed syntaxes we cannot decode).</summary>
    public DicomObjectEncryptor NoiseEncryptor { get; private set; } = null!;

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

        KeyId active;
        using (kek)
        {
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
        }

        var inference = InferenceOptions.Default with { BatchSize = cipher.BatchSize };
        Encryptor = new DicomObjectEncryptor(
            _keyring.Active,
            new ObjectEncryptionOptions(ObjectEncryptionOptions.ParseProfile(cipher.Profile), ObjectEncryptionOptions.ParseView(cipher.View), inference));
        NoiseEncryptor = new DicomObjectEncryptor(_keyring.Active, new ObjectEncryptionOptions(Cipher.Engine.CipherProfile.DlednetSealed, CipherView.Noise, inference));
        _metrics.Device.WithLabels(Environment.DeviceName, Environment.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(1);
        _metrics.ActiveKey.WithLabels(active.ToString()).Set(1);
        EncryptionLog.CipherReady(_logger, Environment.ToString(), active.ToString(), cipher.Profile, cipher.View);
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
            Keyring.Active.Encrypt([Cipher.Pixels.FloatImage.Create(64, 64)], Encryptor.Options.InferenceOrDefault);
        }
    }

    public void Dispose() => _keyring?.Dispose();
}

using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// One DLEDNet key in memory: G (encryption) and F (decryption) in eval mode on a device, the
/// 256-bit seal key for envelopes, and the key's metadata. Thread-safe for concurrent use
/// (inference only reads the weights).
/// </summary>
public sealed class CipherKey : IDisposable
{
    private readonly byte[] sealKey;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(bool Encrypt, InferencePrecision Precision), Lazy<FoldedCipherNetwork>> folded = new();

    private readonly byte[] wrapKey;
    private readonly byte[] noiseKey;

    internal CipherKey(KeyMetadata metadata, CipherNetwork encryptor, CipherNetwork decryptor, byte[] sealKey, Device device, int fileVersion = KeyFile.CurrentVersion)
    {
        if (sealKey.Length != 32)
        {
            throw new ArgumentException("A seal key has 256 bits.", nameof(sealKey));
        }

        FileVersion = fileVersion;
        if (fileVersion == KeyFile.LegacyVersion)
        {
            // Version 1 keys wrapped data keys with the seal key itself and fed it to the noise view's
            // HKDF directly; kept as they were so that objects sealed under them still open.
            wrapKey = (byte[])sealKey.Clone();
            noiseKey = (byte[])sealKey.Clone();
        }
        else
        {
            wrapKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sealKey, 32, info: WrapLabel);
            noiseKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sealKey, 32, info: NoiseLabel);
        }

        Metadata = metadata;
        Encryptor = encryptor;
        Decryptor = decryptor;
        this.sealKey = sealKey;
        Device = device;
        Encryptor.eval();
        Decryptor.eval();
    }

    /// <summary>The key's id, creation time, architecture, training and fingerprints.</summary>
    public KeyMetadata Metadata { get; }

    /// <summary>The key id (stored in every ciphertext object).</summary>
    public KeyId Id => Metadata.KeyId;

    /// <summary>Where the networks run.</summary>
    public Device Device { get; }

    internal CipherNetwork Encryptor { get; }

    internal CipherNetwork Decryptor { get; }

    /// <summary>The key-file version the key came from (or is written as): 2 derives subkeys, 1 is the legacy layout.</summary>
    public int FileVersion { get; }

    /// <summary>The root secret stored in the key file (never used directly by version 2 keys).</summary>
    internal ReadOnlySpan<byte> SealKey => sealKey;

    /// <summary>The key that wraps each envelope's data key: HKDF(seal key, "DCG envelope wrap key v2"), or the seal key for version 1.</summary>
    internal ReadOnlySpan<byte> WrapKey => wrapKey;

    /// <summary>The root of the noise view: HKDF(seal key, "DCG view noise key v2"), or the seal key for version 1.</summary>
    internal ReadOnlySpan<byte> NoiseKey => noiseKey;

    private static byte[] WrapLabel => "DCG envelope wrap key v2"u8.ToArray();

    private static byte[] NoiseLabel => "DCG view noise key v2"u8.ToArray();

    /// <summary>Turns freshly trained networks into a key with a new random id and seal key; the key then owns (and disposes) the networks.</summary>
    public static CipherKey FromTraining(TrainedNetworks trained, Device device) => FromTraining(trained, device, KeyFile.CurrentVersion);

    /// <summary>As <see cref="FromTraining(TrainedNetworks, Device)"/> with the subkey layout of key-file <paramref name="fileVersion"/> (tests of version 1 keys).</summary>
    internal static CipherKey FromTraining(TrainedNetworks trained, Device device, int fileVersion)
    {
        ArgumentNullException.ThrowIfNull(trained);
        trained.Transfer();
        var g = trained.Encryptor;
        var f = trained.Decryptor;
        var metadata = new KeyMetadata(
            KeyId.New(),
            DateTimeOffset.UtcNow,
            trained.Architecture,
            trained.Summary,
            WeightCodec.Fingerprint(WeightCodec.Serialize(g)),
            WeightCodec.Fingerprint(WeightCodec.Serialize(f)));
        g.to(device);
        f.to(device);
        return new CipherKey(metadata, g, f, RandomNumberGenerator.GetBytes(32), device, fileVersion);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> in an envelope bound to <paramref name="associatedData"/>
    /// (fresh data key per call, wrapped by this key's seal key).
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData) =>
        EnvelopeSealer.Seal(wrapKey, Id, plaintext, associatedData);

    /// <summary>Opens an envelope made by <see cref="Seal"/> with the same associated data.</summary>
    /// <exception cref="SealedEnvelopeException">Altered, truncated, another key's, or other associated data.</exception>
    public byte[] Open(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData) =>
        EnvelopeSealer.Open(wrapKey, Id, envelope, associatedData);

    /// <summary>The key id named by an envelope, to pick the key from a keyring.</summary>
    public static KeyId EnvelopeKeyId(ReadOnlySpan<byte> envelope) => EnvelopeSealer.ReadKeyId(envelope);

    /// <summary>G(x) for each frame: the ciphertext view in [0, 1] (quantise it to the stored bit depth).</summary>
    public IReadOnlyList<FloatImage> Encrypt(IReadOnlyList<FloatImage> frames, InferenceOptions? options = null) =>
        Run(true, frames, options ?? InferenceOptions.Default);

    /// <summary>F(view) for each frame: the paper profile's (lossy) decryption.</summary>
    public IReadOnlyList<FloatImage> Decrypt(IReadOnlyList<FloatImage> views, InferenceOptions? options = null) =>
        Run(false, views, options ?? InferenceOptions.Default);

    /// <summary>The network function for one direction and options: the folded fast path, built once per precision, or the module.</summary>
    internal Func<Tensor, Tensor> Network(bool encrypt, InferenceOptions options)
    {
        var module = encrypt ? Encryptor : Decryptor;
        if (!options.FastPath)
        {
            return module.forward;
        }

        var lazy = folded.GetOrAdd((encrypt, options.Precision), k => new Lazy<FoldedCipherNetwork>(() => new FoldedCipherNetwork(module, k.Precision)));
        return lazy.Value.Forward;
    }

    private IReadOnlyList<FloatImage> Run(bool encrypt, IReadOnlyList<FloatImage> frames, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var architecture = Encryptor.Architecture;
        var network = Network(encrypt, options);
        foreach (var frame in frames)
        {
            if (frame.Channels != architecture.Channels)
            {
                throw new ArgumentException($"The key's networks take {architecture.Channels}-channel frames, not {frame.Channels}.", nameof(frames));
            }
        }

        var results = new FloatImage[frames.Count];
        foreach (var group in frames.Select((f, i) => (f, i)).GroupBy(p => (p.f.Width, p.f.Height)))
        {
            foreach (var chunk in group.Chunk(options.BatchSize))
            {
                using var scope = NewDisposeScope();
                using var inference = torch.inference_mode();
                var input = TensorImages.ToTensor(chunk.Select(c => c.f).ToArray(), Device);
                var output = TiledInference.Run(network, input, options.TileSize, architecture.TileHalo);
                for (var k = 0; k < chunk.Length; k++)
                {
                    results[chunk[k].i] = TensorImages.ToImage(output, k);
                }
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(sealKey);
        CryptographicOperations.ZeroMemory(wrapKey);
        CryptographicOperations.ZeroMemory(noiseKey);
        foreach (var lazy in folded.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        Encryptor.Dispose();
        Decryptor.Dispose();
    }
}

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

    internal CipherKey(KeyMetadata metadata, CipherNetwork encryptor, CipherNetwork decryptor, byte[] sealKey, Device device)
    {
        if (sealKey.Length != 32)
        {
            throw new ArgumentException("A seal key has 256 bits.", nameof(sealKey));
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

    internal ReadOnlySpan<byte> SealKey => sealKey;

    /// <summary>Turns freshly trained networks into a key with a new random id and seal key; the key then owns (and disposes) the networks.</summary>
    public static CipherKey FromTraining(TrainedNetworks trained, Device device, KeyQualityCheck? qualityCheck = null)
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
            WeightCodec.Fingerprint(WeightCodec.Serialize(f)),
            qualityCheck);
        g.to(device);
        f.to(device);
        return new CipherKey(metadata, g, f, RandomNumberGenerator.GetBytes(32), device);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> in an envelope bound to <paramref name="associatedData"/>
    /// (fresh data key per call, wrapped by this key's seal key).
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData) =>
        EnvelopeSealer.Seal(sealKey, Id, plaintext, associatedData);

    /// <summary>Opens an envelope made by <see cref="Seal"/> with the same associated data.</summary>
    /// <exception cref="SealedEnvelopeException">Altered, truncated, another key's, or other associated data.</exception>
    public byte[] Open(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData) =>
        EnvelopeSealer.Open(sealKey, Id, envelope, associatedData);

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
        foreach (var lazy in folded.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        Encryptor.Dispose();
        Decryptor.Dispose();
    }
}

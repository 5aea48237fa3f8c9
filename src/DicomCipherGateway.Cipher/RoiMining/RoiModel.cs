using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>The lung masks predicted for one frame: 0/1 per pixel, row-major.</summary>
public sealed record RoiPrediction(int Width, int Height, byte[] LeftLung, byte[] RightLung);

/// <summary>
/// A trained ROI-mining network bound to the key whose views it reads (or to plaintext). The
/// binding is enforced by <see cref="CheckDomain"/>: a model of key A applied to key B's views
/// does not segment (docs/roi-mining.md), so it is refused rather than run.
/// </summary>
public sealed class RoiModel : IDisposable
{
    private static readonly byte[] Magic = "DCGROI"u8.ToArray();
    private const ushort Version = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal RoiModel(RoiMiningNetwork network, RoiModelMetadata metadata)
    {
        Network = network;
        Metadata = metadata;
    }

    /// <summary>The organs, in output-channel order.</summary>
    public static IReadOnlyList<string> Organs { get; } = ["left lung", "right lung"];

    public RoiModelMetadata Metadata { get; }

    internal RoiMiningNetwork Network { get; }

    /// <summary>Throws a <see cref="RoiDomainException"/> unless <paramref name="input"/> is of the model's key (or plaintext for a plaintext model).</summary>
    public void CheckDomain(KeyId? input)
    {
        var domain = input?.ToString() ?? RoiModelMetadata.Plaintext;
        if (domain != Metadata.KeyId)
        {
            throw new RoiDomainException(Metadata.KeyId, domain);
        }
    }

    /// <summary>Segments one frame (grey, [0, 1]): a pixel is in an organ when its probability exceeds ½.</summary>
    public RoiPrediction Predict(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != Metadata.Architecture.Channels)
        {
            throw new ArgumentException($"The model reads {Metadata.Architecture.Channels}-channel images, not {image.Channels}.", nameof(image));
        }

        return Predict(Network, image);
    }

    internal static RoiPrediction Predict(RoiMiningNetwork network, FloatImage image)
    {
        float[] p;
        using (var scope = torch.NewDisposeScope())
        using (var inference = torch.inference_mode())
        {
            network.eval();
            var input = torch.tensor(image.Pixels, [1, image.Channels, image.Height, image.Width]);
            p = torch.sigmoid(network.forward(input)).data<float>().ToArray();
        }

        var plane = image.Width * image.Height;
        var left = new byte[plane];
        var right = new byte[plane];
        for (var i = 0; i < plane; i++)
        {
            left[i] = p[i] > 0.5f ? (byte)1 : (byte)0;
            right[i] = p[plane + i] > 0.5f ? (byte)1 : (byte)0;
        }

        return new RoiPrediction(image.Width, image.Height, left, right);
    }

    /// <summary>Writes the model to <paramref name="path"/> (temp file, fsync, rename).</summary>
    public void Save(string path) => RoiModelFile.Write(path, Metadata, WeightsOf(Network), null);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a ROI model file, damaged, or weights that do not fit the architecture.</exception>
    public static RoiModel Load(string path) => RoiModelFile.Read(path).Model;

    internal static byte[] WeightsOf(torch.nn.Module network) => WeightCodec.Serialize(network);

    public void Dispose() => Network.Dispose();

    /// <summary>The model file: "DCGROI", version, JSON metadata, weights, and for a checkpoint the training state.</summary>
    internal static class RoiModelFile
    {
        public static void Write(string path, RoiModelMetadata metadata, byte[] weights, byte[]? trainingState)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(metadata with { WeightsSha256 = WeightCodec.Fingerprint(weights) }, Json);
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(Version);
                    writer.Write(json.Length);
                    writer.Write(json);
                    writer.Write((long)weights.Length);
                    writer.Write(weights);
                    writer.Write((long)(trainingState?.Length ?? 0));
                    if (trainingState is not null)
                    {
                        writer.Write(trainingState);
                    }

                    writer.Flush();
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }

        public static (RoiModel Model, byte[]? TrainingState) Read(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{path}: {ex.Message}", ex);
            }

            var span = bytes.AsSpan();
            if (span.Length < 12 || !span[..6].SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path} is not a ROI model file (no DCGROI marker).");
            }

            var version = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
            if (version != Version)
            {
                throw new InvalidDataException($"{path} is a ROI model file of version {version}; this build reads version {Version}.");
            }

            try
            {
                var pos = 8;
                var jsonLength = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
                pos += 4;
                var metadata = JsonSerializer.Deserialize<RoiModelMetadata>(span.Slice(pos, jsonLength), Json)
                    ?? throw new InvalidDataException($"{path}: empty metadata.");
                pos += jsonLength;
                var weightLength = checked((int)BinaryPrimitives.ReadInt64LittleEndian(span[pos..]));
                pos += 8;
                var weights = span.Slice(pos, weightLength).ToArray();
                pos += weightLength;
                var stateLength = checked((int)BinaryPrimitives.ReadInt64LittleEndian(span[pos..]));
                pos += 8;
                var state = stateLength > 0 ? span.Slice(pos, stateLength).ToArray() : null;
                pos += stateLength;
                if (pos != span.Length)
                {
                    throw new InvalidDataException($"{path} has {span.Length - pos} bytes after its end.");
                }

                if (WeightCodec.Fingerprint(weights) != metadata.WeightsSha256)
                {
                    throw new InvalidDataException($"{path}: the weights do not match their SHA-256 in the metadata (damaged file).");
                }

                if (metadata.KeyId != RoiModelMetadata.Plaintext)
                {
                    Keys.KeyId.Parse(metadata.KeyId);
                }

                metadata.Architecture.Validate();
                var network = new RoiMiningNetwork("roi", metadata.Architecture);
                try
                {
                    WeightCodec.Deserialize(network, weights);
                }
                catch
                {
                    network.Dispose();
                    throw;
                }

                return (new RoiModel(network, metadata), state);
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or OverflowException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path} is a damaged ROI model file: {ex.Message}", ex);
            }
        }
    }
}

/// <summary>A model was asked to read views of another key (or plaintext) than the one it was trained for.</summary>
public sealed class RoiDomainException(string modelDomain, string inputDomain)
    : Exception(Describe(modelDomain, inputDomain))
{
    public string ModelDomain { get; } = modelDomain;

    public string InputDomain { get; } = inputDomain;

    private static string Describe(string model, string input) =>
        model == RoiModelMetadata.Plaintext
            ? $"the model was trained on plaintext, but the object is ciphertext of key {input}: use a model trained for that key."
            : input == RoiModelMetadata.Plaintext
                ? $"the model was trained on ciphertext of key {model}, but the object is plaintext: use a plaintext model."
                : $"the object is ciphertext of key {input}, but the model was trained for key {model}: a model reads only the views of its own key (another key's views give no usable segmentation); use the model trained for key {input}.";
}

using System.Text;
using System.Text.Json;
using DicomCipherGateway.Cipher.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// A resumable snapshot of key generation: step, settings, G, F and D weights, both Adam states
/// and the loss history. Plain bytes: the caller's <see cref="ICheckpointStore"/> seals them.
/// </summary>
internal static class TrainingCheckpoint
{
    // 2: the optimizer state is HeldScalarAdam's (TorchSharp's Adam state dict before).
    private const string Magic = "DCGCKPT2";

    public static byte[] Create(
        int step,
        KeyGenerationOptions options,
        nn.Module g,
        nn.Module f,
        nn.Module d,
        HeldScalarAdam optGf,
        HeldScalarAdam optD,
        IReadOnlyList<TrainingProgress> history)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(step);
            writer.Write(Fingerprint(options));
            writer.Write(history.Count);
            foreach (var h in history)
            {
                writer.Write(h.Step);
                writer.Write(h.ReconstructionLoss);
                writer.Write(h.AdversarialLoss);
                writer.Write(h.DiscriminatorLoss);
                writer.Write(h.CorrelationLoss);
                writer.Write(h.LearningRate);
                writer.Write(h.Elapsed.Ticks);
            }

            g.save(writer);
            f.save(writer);
            d.save(writer);
            optGf.Save(writer);
            optD.Save(writer);
        }

        return memory.ToArray();
    }

    /// <summary>Loads a checkpoint into the given networks and optimisers; returns the step to continue from.</summary>
    public static int Restore(
        byte[] checkpoint,
        KeyGenerationOptions options,
        nn.Module g,
        nn.Module f,
        nn.Module d,
        HeldScalarAdam optGf,
        HeldScalarAdam optD,
        List<TrainingProgress> history)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(checkpoint), Encoding.UTF8);
            var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
            if (magic == "DCGCKPT1")
            {
                throw new InvalidDataException("The checkpoint was written by an earlier version of key generation (TorchSharp's Adam state); start the key again without --resume.");
            }

            if (magic != Magic)
            {
                throw new InvalidDataException("Not a key-generation checkpoint.");
            }

            var step = reader.ReadInt32();
            var fingerprint = reader.ReadString();
            if (fingerprint != Fingerprint(options))
            {
                throw new InvalidDataException(
                    "The checkpoint was made with other key-generation settings (preset, architecture, crop, batch, steps or weights); resume with the same settings.");
            }

            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var s = reader.ReadInt32();
                history.Add(new TrainingProgress(
                    s, options.Steps, reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), TimeSpan.FromTicks(reader.ReadInt64())));
            }

            g.load(reader);
            f.load(reader);
            d.load(reader);
            optGf.Load(reader);
            optD.Load(reader);
            return step;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The checkpoint is truncated.", ex);
        }
    }

    private static string Fingerprint(KeyGenerationOptions options) => JsonSerializer.Serialize(new
    {
        options.PresetName,
        options.Architecture.Channels,
        options.Architecture.ResidualBlocks,
        options.CropSize,
        options.BatchSize,
        options.Steps,
        options.LearningRate,
        options.ReconstructionWeight,
        options.AdversarialWeight,
        options.CorrelationWeight,
        options.DiscriminatorWidth,
        options.QuantisationBits,
    });
}

using System.Buffers.Binary;
using System.Text;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// Writes and reads the ciphertext object's private block: group 7FD1, Private Creator
/// "DICOMCIPHERGATEWAY 1" (docs/ciphertext-object.md). Values are read from their bytes whatever
/// the VR, so a block that went through Implicit VR Little Endian (VR UN) still reads. The block is
/// found by its Private Creator in any odd group and any block number, wherever a PACS moved it.
/// </summary>
public static class CiphertextPrivateBlock
{
    /// <summary>The private group (odd; just before Pixel Data, so a streaming reader meets the envelope first).</summary>
    public const ushort Group = 0x7FD1;

    /// <summary>The Private Creator (0x7FD1,00xx) value.</summary>
    public const string Creator = "DICOMCIPHERGATEWAY 1";

    internal const byte VersionOffset = 0x01;
    internal const byte ProfileOffset = 0x02;
    internal const byte ViewOffset = 0x03;
    internal const byte KeyIdOffset = 0x04;
    internal const byte TransferSyntaxOffset = 0x05;
    internal const byte PixelModuleOffset = 0x06;
    internal const byte NormalisationOffset = 0x07;
    internal const byte ViewHashOffset = 0x08;
    internal const byte EnvelopeOffset = 0x10;

    /// <summary>True when <paramref name="dataset"/> carries this block in any private group (a ciphertext object, possibly damaged).</summary>
    public static bool IsPresent(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Locate(dataset).Count > 0;
    }

    /// <summary>Every (group, block) reserved by <see cref="Creator"/>: its Private Creator elements (gggg,0010–00FF) in odd groups.</summary>
    internal static IReadOnlyList<(ushort Group, ushort Block)> Locate(DicomDataset dataset)
    {
        var found = new List<(ushort, ushort)>();
        foreach (var item in dataset)
        {
            if (item.Tag.IsPrivateCreator && item is DicomElement e && string.Equals(CreatorText(e), Creator, StringComparison.Ordinal))
            {
                found.Add((item.Tag.Group, item.Tag.Element));
            }
        }

        return found;
    }

    /// <summary>A Private Creator's value, trimmed of padding.</summary>
    internal static string CreatorText(DicomElement element) =>
        Encoding.ASCII.GetString(element.Value.GetMemory().Span).TrimEnd(' ', '\0').Trim();

    /// <summary>Adds the block to <paramref name="dataset"/>, reserving a free block in the group.</summary>
    internal static void Write(DicomDataset dataset, CiphertextBlock block)
    {
        dataset.SetValues<ushort>(dataset.ReservePrivateTag(Group, Creator, VersionOffset), DicomVR.US, (ushort)block.FormatVersion);
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, ProfileOffset), DicomVR.CS, ProfileCode(block.Profile));
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, ViewOffset), DicomVR.CS, block.View == CipherView.G ? "G" : "NOISE");
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, KeyIdOffset), DicomVR.LO, block.KeyId.ToString());
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, TransferSyntaxOffset), DicomVR.UI, block.OriginalTransferSyntaxUid);
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, PixelModuleOffset), DicomVR.LT, block.OriginalPixelModule);
        dataset.SetString(dataset.ReservePrivateTag(Group, Creator, NormalisationOffset), DicomVR.CS, block.NormalisationMethod);
        dataset.SetBytes(dataset.ReservePrivateTag(Group, Creator, ViewHashOffset), DicomVR.OB, block.ViewSha256);
        dataset.SetBytes(dataset.ReservePrivateTag(Group, Creator, EnvelopeOffset), DicomVR.OB, block.Envelope);
    }

    /// <summary>Reads the block; null when absent (not encrypted); a <see cref="CipherObjectException"/> when incomplete or malformed.</summary>
    internal static CiphertextBlock? Read(DicomDataset dataset, string? sop)
    {
        var blocks = Locate(dataset);
        if (blocks.Count == 0)
        {
            return null;
        }

        if (blocks.Count > 1)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Tampered, $"the object carries {blocks.Count} {Creator} private blocks ({string.Join(", ", blocks.Select(b => new DicomTag(b.Group, b.Block).ToString()))}); a ciphertext object has one.");
        }

        var at = blocks[0];
        var version = BinaryPrimitives.ReadUInt16LittleEndian(Bytes(dataset, at, VersionOffset, "format version", sop, 2).Span);
        if (version != CiphertextBlock.CurrentVersion)
        {
            throw Malformed(sop, $"the private block has format version {version}; this implementation reads version {CiphertextBlock.CurrentVersion}{(version < CiphertextBlock.CurrentVersion ? " (objects of earlier versions were made before the tamper-evidence checks, by unreleased builds: encrypt the original again)" : string.Empty)}.");
        }

        var profileText = Text(dataset, at, ProfileOffset, "profile", sop);
        var profile = profileText switch
        {
            "DLEDNET_SEALED" => CipherProfile.DlednetSealed,
            "DLEDNET" => CipherProfile.DlednetPaper,
            _ => throw Malformed(sop, $"the private block names an unknown profile '{profileText}'."),
        };
        var viewText = Text(dataset, at, ViewOffset, "view", sop);
        var view = viewText switch
        {
            "G" => CipherView.G,
            "NOISE" => CipherView.Noise,
            _ => throw Malformed(sop, $"the private block names an unknown view '{viewText}'."),
        };
        KeyId keyId;
        try
        {
            keyId = KeyId.Parse(Text(dataset, at, KeyIdOffset, "key id", sop));
        }
        catch (FormatException ex)
        {
            throw Malformed(sop, $"the private block's key id is not 32 hex digits ({ex.Message}).");
        }

        var hash = Bytes(dataset, at, ViewHashOffset, "view hash", sop, 32);
        var envelope = Bytes(dataset, at, EnvelopeOffset, "envelope", sop, EnvelopeSealer.Overhead);
        return new CiphertextBlock(
            version,
            profile,
            view,
            keyId,
            Text(dataset, at, TransferSyntaxOffset, "original transfer syntax", sop),
            Text(dataset, at, PixelModuleOffset, "original pixel module", sop),
            Text(dataset, at, NormalisationOffset, "normalisation", sop),
            hash[..32],
            envelope);
    }

    /// <summary>True for the elements of the block(s) <see cref="Locate"/> found: the creator and every element of its range.</summary>
    internal static Func<DicomTag, bool> Members(DicomDataset dataset)
    {
        var blocks = Locate(dataset);
        return tag => blocks.Any(b => tag.Group == b.Group && (tag.Element == b.Block || tag.Element >> 8 == b.Block));
    }

    internal static string ProfileCode(CipherProfile profile) => profile == CipherProfile.DlednetSealed ? "DLEDNET_SEALED" : "DLEDNET";

    private static ReadOnlyMemory<byte> Bytes(DicomDataset dataset, (ushort Group, ushort Block) at, byte offset, string name, string? sop, int minimum)
    {
        var element = dataset.GetElement(new DicomTag(at.Group, (ushort)((at.Block << 8) | offset)));
        if (element is null)
        {
            throw Malformed(sop, $"the private block is incomplete: its {name} element is missing.");
        }

        var bytes = element.Value.GetMemory();
        if (bytes.Length < minimum)
        {
            throw Malformed(sop, $"the private block's {name} element is truncated ({bytes.Length} bytes, at least {minimum} expected).");
        }

        return bytes;
    }

    private static string Text(DicomDataset dataset, (ushort Group, ushort Block) at, byte offset, string name, string? sop) =>
        Encoding.ASCII.GetString(Bytes(dataset, at, offset, name, sop, 1).Span).TrimEnd(' ', '\0').Trim();

    private static CipherObjectException Malformed(string? sop, string reason) => new(sop, CipherObjectFailure.Malformed, reason);
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// The digest of an original object's clear header, sealed in the envelope: one SHA-256 per
/// top-level element that the ciphertext object carries unchanged (every element that is not
/// sealed, the private block excluded), so decryption can tell which attributes the PACS added,
/// removed or changed, without the envelope holding their values twice. String values are hashed
/// without their trailing padding; sequences element by element, recursively.
/// </summary>
internal sealed class HeaderManifest
{
    private const int DigestSize = 32;
    private static readonly DicomTag[] PresentationTags =
    [
        new(0x00080008), // Image Type
        new(0x00089205), // Pixel Presentation
        new(0x00180088), // Spacing Between Slices
        new(0x00181164), // Imager Pixel Spacing
        new(0x00200020), // Patient Orientation
        new(0x00200032), // Image Position (Patient)
        new(0x00200037), // Image Orientation (Patient)
        new(0x00200060), // Laterality
        new(0x00200062), // Image Laterality
        new(0x00280008), // Number of Frames
        new(0x00280009), // Frame Increment Pointer
        new(0x00280010), // Rows
        new(0x00280011), // Columns
        new(0x00280030), // Pixel Spacing
        new(0x00280034), // Pixel Aspect Ratio
        new(0x00280301), // Burned In Annotation
        new(0x00281054), // Rescale Type
        new(0x00282110), // Lossy Image Compression
        new(0x00282112), // Lossy Image Compression Ratio
        new(0x00282114), // Lossy Image Compression Method
        new(0x20500010), // Presentation LUT Sequence
        new(0x20500020), // Presentation LUT Shape
        new(0x52009229), // Shared Functional Groups Sequence (frame VOI/pixel transformation, geometry)
        new(0x52009230), // Per-Frame Functional Groups Sequence
    ];

    private static readonly DicomTag[] IdentityTags =
    [
        new(0x00080020), // Study Date
        new(0x00080030), // Study Time
        new(0x00080050), // Accession Number
        new(0x00080051), // Issuer of Accession Number Sequence
        new(0x00080090), // Referring Physician's Name
        new(0x00200010), // Study ID
        new(0x0020000D), // Study Instance UID
        new(0x0020000E), // Series Instance UID
    ];

    private readonly SortedDictionary<uint, byte[]> digests;

    private HeaderManifest(SortedDictionary<uint, byte[]> digests) => this.digests = digests;

    /// <summary>The manifest of <paramref name="original"/>'s elements that stay in clear.</summary>
    public static HeaderManifest Of(DicomDataset original) => new(Digests(original));

    /// <summary>How an attribute is treated when it changes.</summary>
    public static HeaderAttributeClass Classify(DicomTag tag) =>
        tag.Group == 0x0010 || IdentityTags.Contains(tag) ? HeaderAttributeClass.Identity
        : PresentationTags.Contains(tag) ? HeaderAttributeClass.Presentation
        : HeaderAttributeClass.Other;

    public byte[] Encode()
    {
        var bytes = new byte[4 + (digests.Count * (4 + DigestSize))];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, digests.Count);
        var offset = 4;
        foreach (var (tag, digest) in digests)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), tag);
            digest.CopyTo(bytes, offset + 4);
            offset += 4 + DigestSize;
        }

        return bytes;
    }

    public static HeaderManifest Decode(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > 1_000_000)
        {
            throw new InvalidDataException($"the header manifest declares {count} attributes.");
        }

        var digests = new SortedDictionary<uint, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadUInt32();
            var digest = reader.ReadBytes(DigestSize);
            if (digest.Length != DigestSize || !digests.TryAdd(tag, digest))
            {
                throw new InvalidDataException("the header manifest is truncated or names an attribute twice.");
            }
        }

        return new HeaderManifest(digests);
    }

    /// <summary>What differs between the sealed header and <paramref name="current"/>'s clear elements (its sealed-class elements and the private block excluded by the caller's filter).</summary>
    public IReadOnlyList<HeaderChange> Compare(DicomDataset current, Func<DicomTag, bool> ignore)
    {
        var now = Digests(current, ignore);
        var changes = new List<HeaderChange>();
        foreach (var tag in digests.Keys.Union(now.Keys).Order())
        {
            var had = digests.TryGetValue(tag, out var before);
            var has = now.TryGetValue(tag, out var after);
            HeaderChangeKind? kind = !had ? HeaderChangeKind.Added
                : !has ? HeaderChangeKind.Removed
                : !CryptographicOperations.FixedTimeEquals(before, after) ? HeaderChangeKind.Changed
                : null;
            if (kind is { } k)
            {
                var t = new DicomTag(tag);
                changes.Add(new HeaderChange(t, NameOf(t), k, Classify(t)));
            }
        }

        return changes;
    }

    private static string NameOf(DicomTag tag) =>
        tag.IsPrivate ? "private attribute" : DicomDictionary.Default.Lookup(tag)?.Name ?? "unknown attribute";

    private static SortedDictionary<uint, byte[]> Digests(DicomDataset dataset, Func<DicomTag, bool>? ignore = null)
    {
        var result = new SortedDictionary<uint, byte[]>();
        foreach (var item in dataset)
        {
            if (ContentElements.IsSealed(item.Tag) || item.Tag.Group == 0x0002 || (ignore?.Invoke(item.Tag) ?? false))
            {
                continue;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Append(hash, item);
            result[item.Tag.Value] = hash.GetHashAndReset();
        }

        return result;
    }

    private static void Append(IncrementalHash hash, DicomItem item)
    {
        Span<byte> tag = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, item.Tag.Value);
        hash.AppendData(tag);
        switch (item)
        {
            case DicomSequence sequence:
                hash.AppendData("SQ"u8);
                foreach (var child in sequence.Items)
                {
                    hash.AppendData("ITEM"u8);
                    foreach (var element in child)
                    {
                        Append(hash, element);
                    }

                    hash.AppendData("END"u8);
                }

                break;
            case DicomElement element:
                var value = element.Value.GetMemory().Span;
                if (element.VR.Info.IsString || (element.VR == DicomVR.UN && DicomDictionary.Default.Lookup(element.Tag)?.DefaultVR.Info.IsString == true))
                {
                    value = value.TrimEnd(" \0"u8);
                }

                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(length, value.Length);
                hash.AppendData(length);
                hash.AppendData(value);
                break;
            default:
                hash.AppendData(Encoding.ASCII.GetBytes(item.GetType().Name));
                break;
        }
    }
}

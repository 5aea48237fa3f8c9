using System.Text;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>What <c>dcg verify-pacs</c> found, most severe first; each has its own exit code (docs/cli.md).</summary>
internal enum PacsVerdict
{
    NotRetrieved,
    PrivateBlockStripped,
    Transcoded,
    DecryptionFailed,
    HeaderChanged,
    PrivateBlockMoved,
    Intact,
}

/// <summary>
/// Compares the ciphertext test object sent to a PACS with what came back: the private block (found
/// by its Private Creator in any odd group and block, never by a fixed element number), the transfer
/// syntax and Pixel Data bytes, the public header, and whether the strict decryptor still opens it.
/// Findings name attributes and tags, never values.
/// </summary>
internal sealed class PacsIntegrityReport
{
    private readonly List<(PacsVerdict Verdict, string Text)> _findings = [];

    public IReadOnlyList<(PacsVerdict Verdict, string Text)> Findings => _findings;

    /// <summary>The most severe finding (Intact when there is none).</summary>
    public PacsVerdict Verdict => _findings.Count == 0 ? PacsVerdict.Intact : _findings.Min(f => f.Verdict);

    public static int ExitCode(PacsVerdict verdict) => verdict switch
    {
        PacsVerdict.Intact => ExitCodes.Success,
        PacsVerdict.NotRetrieved => ExitCodes.PacsNotRetrieved,
        PacsVerdict.PrivateBlockStripped => ExitCodes.PacsPrivateBlockStripped,
        PacsVerdict.Transcoded => ExitCodes.PacsTranscoded,
        PacsVerdict.DecryptionFailed => ExitCodes.PacsDecryptionFailed,
        PacsVerdict.HeaderChanged => ExitCodes.PacsHeaderChanged,
        PacsVerdict.PrivateBlockMoved => ExitCodes.PacsPrivateBlockMoved,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    public void Add(PacsVerdict verdict, string text) => _findings.Add((verdict, text));

    /// <summary>Checks <paramref name="retrieved"/> against <paramref name="sent"/>; <paramref name="decrypt"/> opens it strictly and returns the decrypted Pixel Data.</summary>
    public static PacsIntegrityReport Compare(DicomFile sent, DicomFile retrieved, Func<DicomFile, ReadOnlyMemory<byte>> decrypt, ReadOnlyMemory<byte> originalPixels, bool bitExact)
    {
        var report = new PacsIntegrityReport();
        report.ComparePrivateBlock(sent.Dataset, retrieved.Dataset);
        report.ComparePixelData(sent, retrieved);
        report.CompareHeader(sent.Dataset, retrieved.Dataset);
        try
        {
            var pixels = decrypt(retrieved);
            if (bitExact && !pixels.Span.SequenceEqual(originalPixels.Span))
            {
                report.Add(PacsVerdict.DecryptionFailed, "decryption ran, but the decrypted Pixel Data differs from the original");
            }
        }
        catch (CipherObjectException e)
        {
            report.Add(PacsVerdict.DecryptionFailed, $"strict decryption refused the retrieved object ({e.Failure}): {e.Reason}");
        }

        return report;
    }

    /// <summary>Every (group, creator element) reserved by the ciphertext block's Private Creator.</summary>
    public static List<DicomTag> LocateBlocks(DicomDataset dataset) =>
        [.. dataset.OfType<DicomElement>().Where(e => e.Tag.IsPrivateCreator && CreatorText(e) == CiphertextPrivateBlock.Creator).Select(e => e.Tag)];

    private static string CreatorText(DicomElement element) => Encoding.ASCII.GetString(element.Value.GetMemory().Span).TrimEnd(' ', '\0').Trim();

    private void ComparePrivateBlock(DicomDataset sent, DicomDataset retrieved)
    {
        var before = LocateBlocks(sent).Single();
        var after = LocateBlocks(retrieved);
        if (after.Count == 0)
        {
            var anyPrivate = retrieved.Any(i => i.Tag.IsPrivate);
            Add(PacsVerdict.PrivateBlockStripped, $"the private block (Private Creator \"{CiphertextPrivateBlock.Creator}\") is gone{(anyPrivate ? string.Empty : "; the PACS kept no private element at all")}");
            return;
        }

        if (after.Count > 1)
        {
            Add(PacsVerdict.PrivateBlockStripped, $"the private block appears {after.Count} times ({string.Join(", ", after)})");
            return;
        }

        var moved = after[0];
        var missing = new List<string>();
        foreach (var element in sent.OfType<DicomElement>().Where(e => e.Tag.Group == before.Group && (e.Tag.Element >> 8) == before.Element))
        {
            var offset = (byte)element.Tag.Element;
            var tag = new DicomTag(moved.Group, (ushort)((moved.Element << 8) | offset));
            if (retrieved.GetElement(tag) is not { } kept)
            {
                missing.Add($"{tag} missing");
            }
            else if (!Trimmed(kept).SequenceEqual(Trimmed(element)))
            {
                missing.Add($"{tag} changed");
            }
        }

        if (missing.Count > 0)
        {
            Add(PacsVerdict.PrivateBlockStripped, $"the private block is damaged: {string.Join(", ", missing)}");
        }

        if (moved != before)
        {
            Add(PacsVerdict.PrivateBlockMoved, $"the private block moved from {before} to {moved} (found by its Private Creator; decryption does not depend on where it is)");
        }
    }

    private void ComparePixelData(DicomFile sent, DicomFile retrieved)
    {
        if (retrieved.TransferSyntax.Uid != sent.TransferSyntax.Uid)
        {
            var text = $"transfer syntax changed from {sent.TransferSyntax.Name} to {retrieved.TransferSyntax.Name}";
            if (!retrieved.TransferSyntax.IsNative)
            {
                Add(PacsVerdict.Transcoded, $"the PACS transcoded the object: {text}");
                return;
            }

            Console.WriteLine($"note: {text} (native to native: pixel bytes compared below)");
        }

        var before = sent.Dataset.GetElement(DicomTags.PixelData);
        var after = retrieved.Dataset.GetElement(DicomTags.PixelData);
        if (after is null)
        {
            Add(PacsVerdict.Transcoded, retrieved.Dataset.Contains(DicomTags.PixelData) ? "Pixel Data came back encapsulated (compressed)" : "Pixel Data is gone");
        }
        else if (!after.Value.GetMemory().Span.SequenceEqual(before!.Value.GetMemory().Span))
        {
            Add(PacsVerdict.Transcoded, "Pixel Data bytes changed (the PACS re-encoded or altered the image)");
        }
    }

    private void CompareHeader(DicomDataset sent, DicomDataset retrieved)
    {
        static bool Public(DicomItem item) => !item.Tag.IsPrivate && item.Tag.Group != 0x0002 && item.Tag.Group != 0x7FE0;
        var changes = new List<string>();
        var after = retrieved.Where(Public).ToDictionary(i => i.Tag);
        foreach (var item in sent.Where(Public))
        {
            if (!after.Remove(item.Tag, out var kept))
            {
                changes.Add($"{Name(item.Tag)} removed");
            }
            else if (item is DicomElement a && kept is DicomElement b && !Trimmed(a).SequenceEqual(Trimmed(b)))
            {
                changes.Add($"{Name(item.Tag)} changed");
            }
        }

        changes.AddRange(after.Keys.Order().Select(t => $"{Name(t)} added"));
        if (changes.Count > 0)
        {
            Add(PacsVerdict.HeaderChanged, $"the PACS changed the header: {string.Join(", ", changes)}");
        }
    }

    private static string Name(DicomTag tag) => DicomDictionary.Default.Lookup(tag) is { } entry ? $"{entry.Keyword} {tag}" : tag.ToString();

    /// <summary>A value without trailing padding (spaces, NULs): Implicit and Explicit VR pad the same values differently.</summary>
    private static ReadOnlySpan<byte> Trimmed(DicomElement element) => element.Value.GetMemory().Span.TrimEnd((byte)' ').TrimEnd((byte)0);
}

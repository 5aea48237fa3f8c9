using System.Text;

namespace DicomCipherGateway.Dicom.CharacterSets;

/// <summary>
/// Text decoding and encoding for a Specific Character Set (0008,0005), PS3.5 §6.1 and PS3.3 C.12.1.1.2.
/// Single-byte sets and UTF-8/GB18030/GBK map to one <see cref="Encoding"/>; ISO 2022 sets are decoded
/// segment by segment following the escape sequences. Immutable; instances are created per dataset.
/// </summary>
public sealed class DicomCharacterSet
{
    private readonly Encoding primary;
    private readonly bool usesCodeExtensions;
    private readonly Iso2022Decoder? iso2022;

    private DicomCharacterSet(string[] terms, Encoding primary, bool usesCodeExtensions)
    {
        Terms = terms;
        this.primary = primary;
        this.usesCodeExtensions = usesCodeExtensions;
        iso2022 = usesCodeExtensions ? new Iso2022Decoder(terms) : null;
    }

    /// <summary>
    /// The default repertoire (ISO_IR 6). Decoded as ISO 8859-1 so that bytes above 0x7F, common in
    /// files that forget to declare their character set, survive a read and write unchanged.
    /// </summary>
    public static DicomCharacterSet Default { get; } = new([], Encoding.Latin1, false);

    /// <summary>The defined terms this set was built from.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The encoding of the first value (used to encode new text).</summary>
    public Encoding Encoding => primary;

    /// <summary>Builds the set for the values of Specific Character Set; unknown terms raise <see cref="DicomCharacterSetException"/>.</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            return Default;
        }

        var terms = values.Select(v => v.Trim()).ToArray();
        var extensions = terms.Length > 1 || terms.Any(t => t.StartsWith("ISO 2022", StringComparison.Ordinal));
        var first = string.IsNullOrEmpty(terms[0]) ? (extensions ? "ISO 2022 IR 6" : "ISO_IR 6") : terms[0];
        return new DicomCharacterSet(terms, CharacterSetTerms.EncodingFor(first), extensions);
    }

    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        return iso2022 is not null ? iso2022.Decode(bytes) : primary.GetString(bytes);
    }

    public byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (usesCodeExtensions && Terms.Skip(1).Any(t => t is "ISO 2022 IR 87" or "ISO 2022 IR 149" or "ISO 2022 IR 159" or "ISO 2022 IR 58"))
        {
            foreach (var c in text)
            {
                if (c > 0x7F)
                {
                    throw new DicomCharacterSetException($"encoding text with ISO 2022 multi-byte escapes ({string.Join('\\', Terms)}) is not supported; use ISO_IR 192.");
                }
            }
        }

        return primary.GetBytes(text);
    }

    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6" : string.Join('\\', Terms);
}

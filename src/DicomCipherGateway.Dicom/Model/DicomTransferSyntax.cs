namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// A transfer syntax (PS3.5 §10) with the properties the reader and writer need. The well-known
/// ones are generated from PS3.6 Table A-1 (<c>DicomTransferSyntax.g.cs</c>).
/// </summary>
/// <param name="Uid">The transfer syntax UID.</param>
/// <param name="Keyword">PS3.6 keyword, e.g. <c>ExplicitVRLittleEndian</c>.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="IsExplicitVR">VRs are on the wire.</param>
/// <param name="IsBigEndian">Binary values are big endian (retired Explicit VR Big Endian).</param>
/// <param name="IsDeflated">The dataset after the meta header is deflated (RFC 1951).</param>
/// <param name="IsEncapsulated">Pixel data is carried as fragments.</param>
/// <param name="IsLossy">Pixel data has been compressed lossily.</param>
/// <param name="IsRetired">Retired from the standard.</param>
public readonly partial record struct DicomTransferSyntax(
    string Uid,
    string Keyword,
    string Name,
    bool IsExplicitVR,
    bool IsBigEndian,
    bool IsDeflated,
    bool IsEncapsulated,
    bool IsLossy,
    bool IsRetired)
{
    /// <summary>Whether this is one of the four native (unencapsulated) syntaxes.</summary>
    public bool IsNative => !IsEncapsulated && (Uid is "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.2" or "1.2.840.10008.1.2.1.99");

    /// <summary>The UID as a <see cref="DicomUid"/>.</summary>
    public DicomUid DicomUid => new(Uid);

    /// <summary>
    /// Finds a transfer syntax by UID. An unknown UID is, per PS3.5 §10, an explicit VR little endian
    /// syntax with encapsulated pixel data (that is how every private compressed syntax is built).
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var trimmed = uid.TrimEnd('\0', ' ');
        foreach (var ts in All)
        {
            if (ts.Uid == trimmed)
            {
                return ts;
            }
        }

        return new DicomTransferSyntax(trimmed, trimmed, trimmed, true, false, false, true, false, false);
    }

    /// <summary>True when <paramref name="uid"/> is in PS3.6 Table A-1.</summary>
    public static bool IsRegistered(string uid) => All.Any(t => t.Uid == uid);

    /// <summary>
    /// Parses a UID or a keyword/short name: <c>1.2.840.10008.1.2.1</c>, <c>ExplicitVRLittleEndian</c>,
    /// or the common short forms <c>ivrle</c>, <c>evrle</c>, <c>evrbe</c>, <c>deflated</c>, <c>rle</c>.
    /// </summary>
    public static bool TryParse(string text, out DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        syntax = t.ToUpperInvariant() switch
        {
            "IVRLE" or "IMPLICIT" or "LITTLE-IMPLICIT" => ImplicitVRLittleEndian,
            "EVRLE" or "EXPLICIT" or "LITTLE" or "LITTLE-EXPLICIT" => ExplicitVRLittleEndian,
            "EVRBE" or "BIG" or "BIG-EXPLICIT" => ExplicitVRBigEndian,
            "DEFLATED" or "DEFLATE" => DeflatedExplicitVRLittleEndian,
            "RLE" => RLELossless,
            _ => default,
        };
        if (syntax.Uid is not null)
        {
            return true;
        }

        foreach (var ts in All)
        {
            if (ts.Uid == t || string.Equals(ts.Keyword, t, StringComparison.OrdinalIgnoreCase))
            {
                syntax = ts;
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Name} ({Uid})";
}

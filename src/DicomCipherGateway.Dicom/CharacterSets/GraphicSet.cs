using System.Text;

namespace DicomCipherGateway.Dicom.CharacterSets;

/// <summary>One ISO 2022 graphic character set as the decoder switches between them.</summary>
internal sealed class GraphicSet
{
    private readonly Func<ReadOnlySpan<byte>, string> decode;

    private GraphicSet(bool isMultiByte, Func<ReadOnlySpan<byte>, string> decode)
    {
        IsMultiByte = isMultiByte;
        this.decode = decode;
    }

    public bool IsMultiByte { get; }

    public static GraphicSet None { get; } = new(false, static b => Encoding.Latin1.GetString(b));

    public static GraphicSet Ascii { get; } = new(false, static b => Encoding.Latin1.GetString(b));

    /// <summary>JIS X 0201 Romaji (ISO_IR 14): ASCII except yen sign and overline.</summary>
    public static GraphicSet JisRoman { get; } = new(false, static b => Encoding.Latin1.GetString(b).Replace('\\', '¥').Replace('~', '‾'));

    /// <summary>JIS X 0201 Katakana (ISO_IR 13) in G1: A1-DF map to U+FF61-U+FF9F.</summary>
    public static GraphicSet Katakana { get; } = new(false, static b =>
    {
        var chars = new char[b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            chars[i] = b[i] is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + b[i] - 0xA1) : (char)b[i];
        }

        return new string(chars);
    });

    /// <summary>JIS X 0208 (ISO_IR 87) in G0, decoded as EUC-JP after setting the high bits.</summary>
    public static GraphicSet Jisx0208 { get; } = new(true, static b => HighBits(b, 51932));

    /// <summary>JIS X 0212 (ISO_IR 159) in G0: EUC-JP code set 3 (prefix 8F).</summary>
    public static GraphicSet Jisx0212 { get; } = new(true, static b =>
    {
        var euc = new byte[b.Length / 2 * 3];
        for (var i = 0; i + 1 < b.Length; i += 2)
        {
            euc[i / 2 * 3] = 0x8F;
            euc[(i / 2 * 3) + 1] = (byte)(b[i] | 0x80);
            euc[(i / 2 * 3) + 2] = (byte)(b[i + 1] | 0x80);
        }

        return CharacterSetTerms.CodePage(51932).GetString(euc);
    });

    /// <summary>KS X 1001 (ISO_IR 149) in G1: already EUC-KR bytes.</summary>
    public static GraphicSet Ksx1001 { get; } = new(true, static b => HighBits(b, 51949));

    /// <summary>GB 2312 (ISO_IR 58) in G1: already EUC-CN bytes.</summary>
    public static GraphicSet Gb2312 { get; } = new(true, static b => HighBits(b, 936));

    public static GraphicSet SingleByte(Encoding encoding) => new(false, b => encoding.GetString(b));

    public string Decode(ReadOnlySpan<byte> bytes) => decode(bytes);

    private static string HighBits(ReadOnlySpan<byte> b, int codePage)
    {
        var euc = new byte[b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            euc[i] = (byte)(b[i] | 0x80);
        }

        return CharacterSetTerms.CodePage(codePage).GetString(euc);
    }
}

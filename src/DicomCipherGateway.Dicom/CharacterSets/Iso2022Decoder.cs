using System.Text;

namespace DicomCipherGateway.Dicom.CharacterSets;

/// <summary>
/// Decodes text that uses ISO 2022 code extensions (PS3.5 §6.1.2.5): escape sequences switch the
/// G0 set (bytes 21-7E) or the G1 set (A1-FE); delimiters reset both to the first value's sets.
/// Multi-byte sets are decoded by setting the high bits (EUC form) and using the EUC code page.
/// </summary>
internal sealed class Iso2022Decoder
{
    private readonly GraphicSet initialG0;
    private readonly GraphicSet initialG1;

    public Iso2022Decoder(string[] terms)
    {
        var first = terms.Length == 0 || terms[0].Length == 0 ? "ISO 2022 IR 6" : terms[0];
        initialG0 = first is "ISO 2022 IR 13" or "ISO_IR 13" ? GraphicSet.JisRoman : GraphicSet.Ascii;
        initialG1 = first switch
        {
            "ISO 2022 IR 6" or "ISO_IR 6" => GraphicSet.None,
            "ISO 2022 IR 13" or "ISO_IR 13" => GraphicSet.Katakana,
            "ISO 2022 IR 149" => GraphicSet.Ksx1001,
            "ISO 2022 IR 58" => GraphicSet.Gb2312,
            _ => GraphicSet.SingleByte(CharacterSetTerms.EncodingFor(first)),
        };
    }

    public string Decode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var g0 = initialG0;
        var g1 = initialG1;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == 0x1B)
            {
                var consumed = Designate(bytes[i..], ref g0, ref g1);
                if (consumed > 0)
                {
                    i += consumed;
                    continue;
                }

                sb.Append('\u001B');
                i++;
                continue;
            }

            if (b is 0x5C or 0x5E or 0x3D or 0x0D or 0x0A or 0x0C or 0x09 && !g0.IsMultiByte)
            {
                sb.Append((char)b);
                g0 = initialG0;
                g1 = initialG1;
                i++;
                continue;
            }

            var set = b < 0x80 ? g0 : g1;
            var width = set.IsMultiByte ? 2 : 1;
            var end = i;
            while (end < bytes.Length && bytes[end] != 0x1B && (bytes[end] < 0x80) == (b < 0x80)
                   && !(!set.IsMultiByte && bytes[end] is 0x5C or 0x5E or 0x3D or 0x0D or 0x0A or 0x0C or 0x09))
            {
                end += width;
            }

            end = Math.Min(end, bytes.Length);
            sb.Append(set.Decode(bytes[i..end]));
            i = end;
        }

        return sb.ToString();
    }

    private static int Designate(ReadOnlySpan<byte> s, ref GraphicSet g0, ref GraphicSet g1)
    {
        static bool Is(ReadOnlySpan<byte> s, ReadOnlySpan<byte> seq) => s.StartsWith(seq);

        if (Is(s, "\u001B(B"u8)) { g0 = GraphicSet.Ascii; return 3; }
        if (Is(s, "\u001B(J"u8)) { g0 = GraphicSet.JisRoman; return 3; }
        if (Is(s, "\u001B)I"u8)) { g1 = GraphicSet.Katakana; return 3; }
        if (Is(s, "\u001B$B"u8)) { g0 = GraphicSet.Jisx0208; return 3; }
        if (Is(s, "\u001B$(D"u8)) { g0 = GraphicSet.Jisx0212; return 4; }
        if (Is(s, "\u001B$)C"u8)) { g1 = GraphicSet.Ksx1001; return 4; }
        if (Is(s, "\u001B$)A"u8)) { g1 = GraphicSet.Gb2312; return 4; }
        if (s.Length >= 3 && s[1] == (byte)'-')
        {
            var term = (char)s[2] switch
            {
                'A' => "ISO_IR 100",
                'B' => "ISO_IR 101",
                'C' => "ISO_IR 109",
                'D' => "ISO_IR 110",
                'L' => "ISO_IR 144",
                'G' => "ISO_IR 127",
                'F' => "ISO_IR 126",
                'H' => "ISO_IR 138",
                'M' => "ISO_IR 148",
                'b' => "ISO_IR 203",
                'T' => "ISO_IR 166",
                _ => null,
            };
            if (term is not null)
            {
                g1 = GraphicSet.SingleByte(CharacterSetTerms.EncodingFor(term));
                return 3;
            }
        }

        return 0;
    }
}

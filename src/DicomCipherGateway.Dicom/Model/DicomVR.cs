using System.Buffers.Binary;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// A value representation (PS3.5 §6.2) as its two ASCII characters packed in a <see cref="ushort"/>
/// (first character in the high byte). Metadata lives in one static table (<see cref="Info"/>);
/// there are no per-VR classes.
/// </summary>
public readonly record struct DicomVR(ushort Code)
{
    /// <summary>No VR: delimitation items, or a tag the dictionary does not know (read as UN).</summary>
    public static DicomVR None => default;

    public static DicomVR AE => new(0x4145);
    public static DicomVR AS => new(0x4153);
    public static DicomVR AT => new(0x4154);
    public static DicomVR CS => new(0x4353);
    public static DicomVR DA => new(0x4441);
    public static DicomVR DS => new(0x4453);
    public static DicomVR DT => new(0x4454);
    public static DicomVR FD => new(0x4644);
    public static DicomVR FL => new(0x464C);
    public static DicomVR IS => new(0x4953);
    public static DicomVR LO => new(0x4C4F);
    public static DicomVR LT => new(0x4C54);
    public static DicomVR OB => new(0x4F42);
    public static DicomVR OD => new(0x4F44);
    public static DicomVR OF => new(0x4F46);
    public static DicomVR OL => new(0x4F4C);
    public static DicomVR OV => new(0x4F56);
    public static DicomVR OW => new(0x4F57);
    public static DicomVR PN => new(0x504E);
    public static DicomVR SH => new(0x5348);
    public static DicomVR SL => new(0x534C);
    public static DicomVR SQ => new(0x5351);
    public static DicomVR SS => new(0x5353);
    public static DicomVR ST => new(0x5354);
    public static DicomVR SV => new(0x5356);
    public static DicomVR TM => new(0x544D);
    public static DicomVR UC => new(0x5543);
    public static DicomVR UI => new(0x5549);
    public static DicomVR UL => new(0x554C);
    public static DicomVR UN => new(0x554E);
    public static DicomVR UR => new(0x5552);
    public static DicomVR US => new(0x5553);
    public static DicomVR UT => new(0x5554);
    public static DicomVR UV => new(0x5556);

    /// <summary>The 34 VRs of PS3.5 Table 6.2-1.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    /// <summary>Properties of this VR from the static table.</summary>
    public DicomVRInfo Info => DicomVRInfo.Of(this);

    /// <summary>True for one of the 34 VRs (not for <see cref="None"/> or two arbitrary bytes).</summary>
    public bool IsKnown => Info.IsKnown;

    /// <summary>Reads a VR from its two bytes on the wire; unknown codes are returned as they are (see <see cref="IsKnown"/>).</summary>
    public static DicomVR FromBytes(ReadOnlySpan<byte> twoBytes) => new(BinaryPrimitives.ReadUInt16BigEndian(twoBytes));

    /// <summary>Writes the two ASCII characters.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt16BigEndian(destination, Code);

    public static DicomVR Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 2 || text[0] > 0x7F || text[1] > 0x7F)
        {
            throw new FormatException($"'{text}' is not a DICOM VR.");
        }

        var vr = new DicomVR((ushort)((text[0] << 8) | text[1]));
        return vr.IsKnown ? vr : throw new FormatException($"'{text}' is not a DICOM VR.");
    }

    public override string ToString() => Code == 0 ? "--" : string.Create(2, Code, static (s, c) =>
    {
        s[0] = (char)(c >> 8);
        s[1] = (char)(c & 0xFF);
    });
}

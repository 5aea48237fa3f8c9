using System.Buffers.Binary;
using System.Text;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>
/// TEST-ONLY minimal Part 10 writer and reader, just enough to hand pixel data to DCMTK and to
/// take it back while the real data layer is built elsewhere. Not a parser: flat datasets only.
/// </summary>
internal static class TestDicomFile
{
    public const string ExplicitLittle = "1.2.840.10008.1.2.1";
    public const string ExplicitBig = "1.2.840.10008.1.2.2";
    public const string Rle = "1.2.840.10008.1.2.5";
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    public sealed record Contents(string TransferSyntax, Dictionary<uint, byte[]> Elements, List<byte[]>? Fragments)
    {
        public int US(uint tag) => TransferSyntax == ExplicitBig
            ? BinaryPrimitives.ReadUInt16BigEndian(Elements[tag])
            : BinaryPrimitives.ReadUInt16LittleEndian(Elements[tag]);

        public string Text(uint tag) => Encoding.ASCII.GetString(Elements[tag]).Trim(' ', '\0');

        public byte[] PixelData => Elements[0x7FE00010];
    }

    /// <summary>Writes an Explicit VR Little Endian file with native Pixel Data (VR OW, or OB when <paramref name="ob"/>).</summary>
    public static void WriteNative(string path, PixelDataDescription d, byte[] pixelData, bool ob = false)
    {
        using var body = new MemoryStream();
        var instance = WriteImageModule(body, d);
        WriteElement(body, 0x7FE00010, ob ? "OB" : "OW", pixelData);
        WriteFile(path, ExplicitLittle, instance, body.ToArray());
    }

    /// <summary>Writes an RLE Lossless file: one fragment per frame, empty Basic Offset Table.</summary>
    public static void WriteRle(string path, PixelDataDescription d, IEnumerable<byte[]> fragments)
    {
        using var body = new MemoryStream();
        var instance = WriteImageModule(body, d);
        WriteTag(body, 0x7FE00010);
        body.Write("OB"u8);
        body.Write(new byte[2]);
        WriteUInt32(body, 0xFFFFFFFF);
        WriteItem(body, []);
        foreach (var f in fragments)
        {
            WriteItem(body, f);
        }

        WriteTag(body, 0xFFFEE0DD);
        WriteUInt32(body, 0);
        WriteFile(path, Rle, instance, body.ToArray());
    }

    public static Contents Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 132 || Encoding.ASCII.GetString(bytes, 128, 4) != "DICM")
        {
            throw new InvalidDataException($"{path} is not a Part 10 file");
        }

        var elements = new Dictionary<uint, byte[]>();
        List<byte[]>? fragments = null;
        var pos = 132;
        var big = false;
        while (pos < bytes.Length)
        {
            var span = bytes.AsSpan();
            var group = ReadU16(span[pos..], big);
            if (group != 0x0002 && !big && elements.TryGetValue(0x00020010, out var ts) && Encoding.ASCII.GetString(ts).TrimEnd('\0', ' ') == ExplicitBig)
            {
                big = true;
                group = ReadU16(span[pos..], big);
            }

            var tag = ((uint)group << 16) | ReadU16(span[(pos + 2)..], big);
            var vr = Encoding.ASCII.GetString(bytes, pos + 4, 2);
            uint length;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "OD" or "OL" or "OV" or "UC" or "UR" or "SV" or "UV")
            {
                length = ReadU32(span[(pos + 8)..], big);
                pos += 12;
            }
            else
            {
                length = ReadU16(span[(pos + 6)..], big);
                pos += 8;
            }

            if (length == 0xFFFFFFFF)
            {
                if (tag != 0x7FE00010)
                {
                    throw new NotSupportedException($"undefined length element {tag:X8} (test reader handles flat datasets only)");
                }

                fragments = [];
                while (true)
                {
                    var itemTag = ((uint)ReadU16(span[pos..], big) << 16) | ReadU16(span[(pos + 2)..], big);
                    var itemLength = (int)ReadU32(span[(pos + 4)..], big);
                    pos += 8;
                    if (itemTag == 0xFFFEE0DD)
                    {
                        break;
                    }

                    fragments.Add(bytes.AsSpan(pos, itemLength).ToArray());
                    pos += itemLength;
                }

                fragments.RemoveAt(0); // the Basic Offset Table
                continue;
            }

            if (vr == "SQ")
            {
                throw new NotSupportedException($"sequence {tag:X8} (test reader handles flat datasets only)");
            }

            elements[tag] = bytes.AsSpan(pos, (int)length).ToArray();
            pos += (int)length;
        }

        var transferSyntax = Encoding.ASCII.GetString(elements[0x00020010]).TrimEnd('\0', ' ');
        return new Contents(transferSyntax, elements, fragments);
    }

    private static ushort ReadU16(ReadOnlySpan<byte> s, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    private static uint ReadU32(ReadOnlySpan<byte> s, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    private static string WriteImageModule(Stream body, PixelDataDescription d)
    {
        var instance = "2.25." + ((UInt128)(ulong)Random.Shared.NextInt64() << 32 | (uint)Random.Shared.Next()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        WriteText(body, 0x00080016, "UI", SecondaryCapture, '\0');
        WriteText(body, 0x00080018, "UI", instance, '\0');
        WriteText(body, 0x00080060, "CS", "OT", ' ');
        WriteUS(body, 0x00280002, d.SamplesPerPixel);
        WriteText(body, 0x00280004, "CS", d.PhotometricInterpretation.ToCode(), ' ');
        if (d.SamplesPerPixel > 1)
        {
            WriteUS(body, 0x00280006, (int)d.PlanarConfiguration);
        }

        if (d.NumberOfFrames > 1)
        {
            WriteText(body, 0x00280008, "IS", d.NumberOfFrames.ToString(System.Globalization.CultureInfo.InvariantCulture), ' ');
        }

        WriteUS(body, 0x00280010, d.Rows);
        WriteUS(body, 0x00280011, d.Columns);
        WriteUS(body, 0x00280100, d.BitsAllocated);
        WriteUS(body, 0x00280101, d.BitsStored);
        WriteUS(body, 0x00280102, d.HighBit);
        WriteUS(body, 0x00280103, (int)d.PixelRepresentation);
        return instance;
    }

    private static void WriteFile(string path, string transferSyntax, string instance, byte[] dataset)
    {
        using var meta = new MemoryStream();
        WriteElement(meta, 0x00020001, "OB", [0, 1]);
        WriteText(meta, 0x00020002, "UI", SecondaryCapture, '\0');
        WriteText(meta, 0x00020003, "UI", instance, '\0');
        WriteText(meta, 0x00020010, "UI", transferSyntax, '\0');
        WriteText(meta, 0x00020012, "UI", "2.25.2", '\0');
        using var file = File.Create(path);
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)meta.Length);
        WriteElement(file, 0x00020000, "UL", groupLength);
        meta.Position = 0;
        meta.CopyTo(file);
        file.Write(dataset);
    }

    private static void WriteUS(Stream s, uint tag, int value)
    {
        var v = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(v, (ushort)value);
        WriteElement(s, tag, "US", v);
    }

    private static void WriteText(Stream s, uint tag, string vr, string value, char pad)
    {
        if (value.Length % 2 == 1)
        {
            value += pad;
        }

        WriteElement(s, tag, vr, Encoding.ASCII.GetBytes(value));
    }

    private static void WriteElement(Stream s, uint tag, string vr, byte[] value)
    {
        WriteTag(s, tag);
        s.Write(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OW" or "UN" or "SQ" or "UT")
        {
            s.Write(new byte[2]);
            WriteUInt32(s, (uint)(value.Length + (value.Length & 1)));
        }
        else
        {
            var l = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(l, (ushort)value.Length);
            s.Write(l);
        }

        s.Write(value);
        if ((value.Length & 1) == 1)
        {
            s.WriteByte(0);
        }
    }

    private static void WriteItem(Stream s, byte[] value)
    {
        WriteTag(s, 0xFFFEE000);
        WriteUInt32(s, (uint)value.Length);
        s.Write(value);
    }

    private static void WriteTag(Stream s, uint tag)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)tag);
        s.Write(b);
    }

    private static void WriteUInt32(Stream s, uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        s.Write(b);
    }
}

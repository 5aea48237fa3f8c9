using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using DicomCipherGateway.Dicom.CharacterSets;
using DicomCipherGateway.Dicom.IO.Values;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// A data element with a value. Typed views are decoded on demand from the stored bytes (little
/// endian for binary VRs); nothing is cached, so the bytes are the single source of truth and an
/// unmodified element is written back exactly as it was read.
/// </summary>
public sealed class DicomElement : DicomItem
{
    public DicomElement(DicomTag tag, DicomVR vr, DicomValue value) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public DicomValue Value { get; }

    public long Length => Value.Length;

    /// <summary>The whole value as text with trailing padding (spaces, NULs) removed; leading spaces too for non-text VRs.</summary>
    public string GetString(DicomCharacterSet? characterSet = null)
    {
        var info = VR.Info;
        if (!info.IsString)
        {
            return FormatBinary();
        }

        var cs = info.UsesSpecificCharacterSet ? characterSet ?? DicomCharacterSet.Default : DicomCharacterSet.Default;
        var text = cs.Decode(Value.GetMemory().Span);
        return TrimPadding(text, VR);
    }

    /// <summary>The values of a multi-valued string, split at backslashes, each trimmed of padding.</summary>
    public string[] GetStrings(DicomCharacterSet? characterSet = null)
    {
        if (Value.Length == 0)
        {
            return [];
        }

        var info = VR.Info;
        if (!info.IsString)
        {
            return FormatBinaryValues();
        }

        var cs = info.UsesSpecificCharacterSet ? characterSet ?? DicomCharacterSet.Default : DicomCharacterSet.Default;
        var text = cs.Decode(Value.GetMemory().Span);
        if (!info.IsMultiValuedString)
        {
            return [TrimPadding(text, VR)];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimPadding(parts[i], VR);
        }

        return parts;
    }

    /// <summary>Binary values reinterpreted as <typeparamref name="T"/> (US→ushort, FL→float, AT→uint as group&lt;&lt;16|element ...).</summary>
    public T[] GetValues<T>()
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("values are stored little endian; big-endian hosts are not supported");
        }

        var bytes = Value.GetMemory().Span;
        if (VR == DicomVR.AT)
        {
            var tags = new uint[bytes.Length / 4];
            for (var i = 0; i < tags.Length; i++)
            {
                tags[i] = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(4 * i)..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[(4 * i + 2)..]);
            }

            return MemoryMarshal.Cast<uint, T>(tags).ToArray();
        }

        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var usable = bytes.Length - (bytes.Length % size);
        return MemoryMarshal.Cast<byte, T>(bytes[..usable]).ToArray();
    }

    /// <summary>One binary value, or for numeric strings (DS, IS) the parsed text value.</summary>
    public T GetValue<T>(int index = 0)
        where T : unmanaged
    {
        if (VR == DicomVR.DS || VR == DicomVR.IS)
        {
            var s = GetStrings()[index];
            var d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            return (T)Convert.ChangeType(d, typeof(T), CultureInfo.InvariantCulture);
        }

        var all = GetValues<T>();
        if ((uint)index >= (uint)all.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{Tag} has {all.Length} value(s) of this type.");
        }

        return all[index];
    }

    /// <summary>An element holding text, padded to even length with the VR's padding byte.</summary>
    public static DicomElement FromString(DicomTag tag, DicomVR vr, string value, DicomCharacterSet? characterSet = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var info = vr.Info;
        if (!info.IsString)
        {
            throw new ArgumentException($"{vr} is not a string VR; use FromValues.", nameof(vr));
        }

        var cs = info.UsesSpecificCharacterSet ? characterSet ?? DicomCharacterSet.Default : DicomCharacterSet.Default;
        var bytes = cs.Encode(value);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = info.PaddingByte;
        }

        return new DicomElement(tag, vr, DicomValue.FromMemory(bytes));
    }

    /// <summary>An element holding binary values (little endian), padded to even length for OB/UN.</summary>
    public static DicomElement FromValues<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var raw = MemoryMarshal.AsBytes(values);
        var bytes = new byte[raw.Length + (raw.Length & 1)];
        if (vr == DicomVR.AT && typeof(T) == typeof(uint))
        {
            var tags = MemoryMarshal.Cast<T, uint>(values);
            for (var i = 0; i < tags.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i), (ushort)(tags[i] >> 16));
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i + 2), (ushort)tags[i]);
            }
        }
        else
        {
            raw.CopyTo(bytes);
        }

        return new DicomElement(tag, vr, DicomValue.FromMemory(bytes));
    }

    internal static string TrimPadding(string text, DicomVR vr)
    {
        var trimmed = text.TrimEnd(' ', '\0');
        return vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT ? trimmed : trimmed.TrimStart(' ');
    }

    private string FormatBinary() => string.Join('\\', FormatBinaryValues());

    private string[] FormatBinaryValues()
    {
        var ci = CultureInfo.InvariantCulture;
        return VR.Code switch
        {
            0x5553 => [.. GetValues<ushort>().Select(v => v.ToString(ci))],
            0x5353 => [.. GetValues<short>().Select(v => v.ToString(ci))],
            0x554C => [.. GetValues<uint>().Select(v => v.ToString(ci))],
            0x534C => [.. GetValues<int>().Select(v => v.ToString(ci))],
            0x5556 => [.. GetValues<ulong>().Select(v => v.ToString(ci))],
            0x5356 => [.. GetValues<long>().Select(v => v.ToString(ci))],
            0x464C => [.. GetValues<float>().Select(v => v.ToString("R", ci))],
            0x4644 => [.. GetValues<double>().Select(v => v.ToString("R", ci))],
            0x4154 => [.. GetValues<uint>().Select(v => new DicomTag(v).ToString())],
            _ => [Convert.ToHexString(Value.GetMemory().Span[..(int)Math.Min(Value.Length, 64)])],
        };
    }
}

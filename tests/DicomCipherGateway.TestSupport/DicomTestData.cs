using System.Globalization;
using System.Text;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// Generates DICOM test files with DCMTK into a directory: dump2dcm from dcmdump-format text,
/// img2dcm from a generated PGM, dcmconv into other transfer syntaxes. Nothing is downloaded.
/// </summary>
public static class DicomTestData
{
    /// <summary>dcmconv options by transfer syntax short name.</summary>
    public static IReadOnlyDictionary<string, string> DcmconvSyntaxOptions { get; } = new Dictionary<string, string>
    {
        ["implicit"] = "+ti",
        ["explicit"] = "+te",
        ["big"] = "+tb",
        ["deflated"] = "+td",
    };

    /// <summary>Writes <paramref name="dumpText"/> (dcmdump syntax) as a Part 10 file with dump2dcm.</summary>
    public static async Task<string> FromDumpAsync(string directory, string name, string dumpText, params string[] extraArgs)
    {
        var dump = Path.Combine(directory, name + ".txt");
        var file = Path.Combine(directory, name);
        await File.WriteAllTextAsync(dump, dumpText, Encoding.Latin1).ConfigureAwait(false);
        (await DcmtkTools.RunAsync("dump2dcm", [.. extraArgs, dump, file]).ConfigureAwait(false)).EnsureSuccess();
        return file;
    }

    /// <summary>A CT-like object: a gradient image of <paramref name="rows"/>×<paramref name="columns"/> 16-bit pixels with a nested sequence and private tags.</summary>
    public static Task<string> CtSliceAsync(string directory, string name = "ct.dcm", int rows = 64, int columns = 64, int frames = 1)
    {
        var pixels = new StringBuilder();
        var count = rows * columns * frames;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                pixels.Append('\\');
            }

            pixels.Append(((i * 37) % 4096).ToString(CultureInfo.InvariantCulture));
        }

        var dump = $"""
            (0002,0002) UI =CTImageStorage
            (0002,0003) UI [1.2.826.0.1.3680043.2.1125.1.{rows}.{columns}.{frames}]
            (0002,0010) UI =LittleEndianExplicit
            (0008,0005) CS [ISO_IR 100]
            (0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
            (0008,0016) UI =CTImageStorage
            (0008,0018) UI [1.2.826.0.1.3680043.2.1125.1.{rows}.{columns}.{frames}]
            (0008,0020) DA [20240101]
            (0008,0060) CS [CT]
            (0008,1140) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=2)
                (0008,1150) UI =CTImageStorage
                (0008,1155) UI [1.2.3.4.5]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0009,0010) LO [ACME 1.0]
            (0009,1001) LO [private value]
            (0009,1002) US 42
            (0010,0010) PN [Müller^Hans]
            (0010,0020) LO [PAT001]
            (0010,0030) DA [19700101]
            (0010,0040) CS [M]
            (0018,0050) DS [1.25]
            (0020,000d) UI [1.2.826.0.1.3680043.2.1125.2]
            (0020,000e) UI [1.2.826.0.1.3680043.2.1125.3]
            (0020,0013) IS [1]
            (0020,0032) DS [-125\-125\0]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            {(frames > 1 ? $"(0028,0008) IS [{frames}]" : string.Empty)}
            (0028,0010) US {rows}
            (0028,0011) US {columns}
            (0028,0030) DS [0.5\0.5]
            (0028,0100) US 16
            (0028,0101) US 12
            (0028,0102) US 11
            (0028,0103) US 0
            (0028,1050) DS [40]
            (0028,1051) DS [400]
            (7fe0,0010) OW {pixels}
            """;
        return FromDumpAsync(directory, name, dump, "+E", "--update-meta-info", "+l", (dump.Length + 1024).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Converts a file with dcmconv (<c>+ti</c>, <c>+te</c>, <c>+tb</c>, <c>+td</c> or other options).</summary>
    public static async Task<string> ConvertAsync(string input, string output, params string[] options)
    {
        (await DcmtkTools.RunAsync("dcmconv", [.. options, input, output]).ConfigureAwait(false)).EnsureSuccess();
        return output;
    }

    /// <summary>An RGB secondary capture made by img2dcm from a generated 24-bit BMP.</summary>
    public static async Task<string> FromImageAsync(string directory, string name = "sc.dcm", int width = 32, int height = 24)
    {
        var bmp = Path.Combine(directory, name + ".bmp");
        var rowBytes = ((width * 3) + 3) & ~3;
        var data = new byte[54 + (rowBytes * height)];
        "BM"u8.CopyTo(data);
        BitConverter.TryWriteBytes(data.AsSpan(2), data.Length);
        BitConverter.TryWriteBytes(data.AsSpan(10), 54);
        BitConverter.TryWriteBytes(data.AsSpan(14), 40);
        BitConverter.TryWriteBytes(data.AsSpan(18), width);
        BitConverter.TryWriteBytes(data.AsSpan(22), height);
        BitConverter.TryWriteBytes(data.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(data.AsSpan(28), (short)24);
        BitConverter.TryWriteBytes(data.AsSpan(34), rowBytes * height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = 54 + (y * rowBytes) + (x * 3);
                data[p] = (byte)(x * 8);
                data[p + 1] = (byte)(y * 10);
                data[p + 2] = (byte)((x + y) * 4);
            }
        }

        await File.WriteAllBytesAsync(bmp, data).ConfigureAwait(false);
        var file = Path.Combine(directory, name);
        (await DcmtkTools.RunAsync("img2dcm", "-i", "BMP", bmp, file).ConfigureAwait(false)).EnsureSuccess();
        return file;
    }
}

using System.Globalization;
using System.Text;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>Test objects for the transform, generated here or with DCMTK (dump2dcm, img2dcm, dcmconv, dcmcrle, dcmcjpeg).</summary>
internal static class ObjectTestData
{
    /// <summary>A synthetic chest radiograph (CR, 12-bit) written to <paramref name="path"/>.</summary>
    public static string Radiograph(string path, int seed = 1, int width = 128, int height = 128)
    {
        var image = new ChestRadiographGenerator().Generate(seed, width, height);
        SyntheticStudy.ToDicomFile(image, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)).Save(path);
        return path;
    }

    /// <summary>
    /// A CT- or MR-like 16-bit signed image made by dump2dcm: a body disk on air with structures
    /// and noise, plus an icon, an overlay, Smallest/Largest Image Pixel Value and a Pixel Padding Value.
    /// </summary>
    public static Task<string> SignedAsync(string directory, string name, bool mr = false, int rows = 96, int columns = 80, int frames = 1)
    {
        var random = new Random(rows * 31 + columns + frames);
        var pixels = new StringBuilder();
        for (var f = 0; f < frames; f++)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var dx = (x - (columns / 2.0)) / (columns * 0.4);
                    var dy = (y - (rows / 2.0)) / (rows * 0.45);
                    var r = Math.Sqrt((dx * dx) + (dy * dy));
                    var v = r > 1 ? -1000 : 40 + (int)(300 * Math.Exp(-((dx - 0.3) * (dx - 0.3) + (dy * dy)) * 20)) - (int)(900 * Math.Exp(-((dx + 0.4) * (dx + 0.4) + (dy * dy)) * 12)) + (f * 50);
                    v += random.Next(-20, 21);
                    if (pixels.Length > 0)
                    {
                        pixels.Append('\\');
                    }

                    pixels.Append(((ushort)(short)v).ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        var icon = string.Join('\\', Enumerable.Range(0, 64).Select(i => (i * 4).ToString("x2", CultureInfo.InvariantCulture)));
        var sopClass = mr ? "MRImageStorage" : "CTImageStorage";
        var uid = $"1.2.826.0.1.3680043.2.1125.9.{(mr ? 2 : 1)}.{rows}.{columns}.{frames}";
        var modalitySpecific = mr
            ? """
              (0018,0020) CS [SE]
              (0018,0021) CS [NONE]
              (0018,0022) CS [NONE]
              (0018,0023) CS [2D]
              (0018,0080) DS [500]
              (0018,0081) DS [20]
              (0018,0091) IS [1]
              """
            : """
              (0018,0060) DS [120]
              (0028,1052) DS [0]
              (0028,1053) DS [1]
              """;
        var dump = $"""
            (0002,0002) UI ={sopClass}
            (0002,0003) UI [{uid}]
            (0002,0010) UI =LittleEndianExplicit
            (0008,0005) CS [ISO_IR 100]
            (0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
            (0008,0016) UI ={sopClass}
            (0008,0018) UI [{uid}]
            (0008,0020) DA [20240101]
            (0008,0030) TM [120000]
            (0008,0050) SH [ACC1]
            (0008,0060) CS [{(mr ? "MR" : "CT")}]
            (0008,0070) LO [Test]
            (0008,0090) PN []
            (0010,0010) PN [Test^Patient]
            (0010,0020) LO [PAT001]
            (0010,0030) DA [19700101]
            (0010,0040) CS [O]
            {modalitySpecific}
            (0020,000d) UI [{uid}.1]
            (0020,000e) UI [{uid}.2]
            (0020,0010) SH [1]
            (0020,0011) IS [1]
            (0020,0013) IS [1]
            (0020,0032) DS [-125\-125\0]
            (0020,0037) DS [1\0\0\0\1\0]
            (0020,0052) UI [{uid}.3]
            (0020,1040) LO []
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            {(frames > 1 ? $"(0028,0008) IS [{frames}]" : string.Empty)}
            (0028,0010) US {rows}
            (0028,0011) US {columns}
            (0028,0030) DS [0.5\0.5]
            (0028,0100) US 16
            (0028,0101) US 16
            (0028,0102) US 15
            (0028,0103) US 1
            (0028,0106) SS -1024
            (0028,0107) SS 1000
            (0028,0120) SS -2000
            (0028,1050) DS [40]
            (0028,1051) DS [400]
            (6000,0010) US 8
            (6000,0011) US 8
            (6000,0040) CS [G]
            (6000,0050) SS 1\1
            (6000,0100) US 1
            (6000,0102) US 0
            (6000,3000) OW 00ff\ff00\0f0f\f0f0
            (0088,0200) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=8)
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 8
                (0028,0011) US 8
                (0028,0100) US 8
                (0028,0101) US 8
                (0028,0102) US 7
                (0028,0103) US 0
                (7fe0,0010) OB {icon}
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (7fe0,0010) OW {pixels}
            """;
        return DicomTestData.FromDumpAsync(directory, name, dump, "--update-meta-info", "+l", (dump.Length + 1024).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>An 8-bit RGB secondary capture (img2dcm from a BMP).</summary>
    public static Task<string> RgbAsync(string directory, string name) => DicomTestData.FromImageAsync(directory, name, 40, 30);

    /// <summary>A copy of <paramref name="input"/> converted by a DCMTK tool (dcmconv +ti/+tb, dcmcrle, dcmcjpeg).</summary>
    public static async Task<string> ConvertAsync(string tool, string input, string output, params string[] options)
    {
        (await DcmtkTools.RunAsync(tool, [.. options, input, output]).ConfigureAwait(false)).EnsureSuccess();
        return output;
    }
}

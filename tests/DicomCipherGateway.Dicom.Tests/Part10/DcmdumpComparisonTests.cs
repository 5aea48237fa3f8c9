using System.Globalization;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Part10;

/// <summary>Files DCMTK wrote, read by us and compared element by element with dcmdump's view.</summary>
public class DcmdumpComparisonTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    [Theory]
    [InlineData("implicit")]
    [InlineData("explicit")]
    [InlineData("big")]
    [InlineData("deflated")]
    [InlineData("img2dcm")]
    public async Task Every_element_matches_dcmdump(string source)
    {
        var path = source == "img2dcm" ? files.SecondaryCapture : files.BySyntax[source];
        var expected = DcmdumpLine.Parse(await DcmtkTools.DumpAsync(path, "-Un", "+L")).ToList();
        var file = DicomFile.Open(path);
        var actual = new List<DcmdumpLine>();
        Flatten(file.FileMetaInformation.Elements, 0, actual);
        Flatten(file.Dataset, 0, actual);

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            // dcmdump shows "??" for an implicit VR element it cannot name; we call it UN.
            Assert.Equal((e.Depth, new DicomTag(e.Tag).ToString(), e.VR == "??" ? "UN" : e.VR), (a.Depth, new DicomTag(a.Tag).ToString(), a.VR));
            if (e.VR is not "SQ" and not "OB" and not "OW" and not "UN" and not "??")
            {
                Assert.Equal(e.Length, a.Length);
                Assert.Equal(Normalize(e.Value), Normalize(a.Value));
            }
        }
    }

    private static string Normalize(string v) => v == "(no value available)" ? string.Empty : v.Trim('[', ']');

    private static void Flatten(DicomDataset dataset, int depth, List<DcmdumpLine> lines)
    {
        foreach (var item in dataset)
        {
            var value = item switch
            {
                DicomElement e when e.VR.Info.IsString => e.Value.GetMemory().Length == 0 ? string.Empty : System.Text.Encoding.Latin1.GetString(e.Value.GetMemory().Span).TrimEnd('\0', ' '),
                DicomElement e => e.GetString(),
                _ => string.Empty,
            };
            var length = item is DicomElement el ? el.Length.ToString(CultureInfo.InvariantCulture) : string.Empty;
            lines.Add(new DcmdumpLine(depth, item.Tag.Value, item.VR.ToString(), value, length));
            if (item is DicomSequence sq)
            {
                foreach (var child in sq.Items)
                {
                    Flatten(child, depth + 2, lines);
                }
            }
        }
    }
}

using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Tests.Model;

public class DicomTagTests
{
    [Theory]
    [InlineData("(7FE0,0010)", 0x7FE0, 0x0010)]
    [InlineData("0008,0018", 0x0008, 0x0018)]
    [InlineData("00100010", 0x0010, 0x0010)]
    public void Parse_accepts_the_usual_spellings(string text, int group, int element)
    {
        var tag = DicomTag.Parse(text);
        Assert.Equal((ushort)group, tag.Group);
        Assert.Equal((ushort)element, tag.Element);
    }

    [Theory]
    [InlineData("(7FE0,001)")]
    [InlineData("xyz")]
    [InlineData("")]
    public void Parse_rejects_malformed_text_with_a_clear_error(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DicomTag.Parse(text));
        Assert.Contains("not a DICOM tag", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0009, 0x0010, true, true)]
    [InlineData(0x0009, 0x1001, true, false)]
    [InlineData(0x0007, 0x0010, false, false)]
    [InlineData(0x0010, 0x0010, false, false)]
    [InlineData(0xFFFF, 0x0010, false, false)]
    public void Private_groups_follow_PS3_5(int group, int element, bool isPrivate, bool isCreator)
    {
        var tag = new DicomTag((ushort)group, (ushort)element);
        Assert.Equal(isPrivate, tag.IsPrivate);
        Assert.Equal(isCreator, tag.IsPrivateCreator);
    }

    [Fact]
    public void Tags_order_by_group_then_element()
    {
        Assert.True(new DicomTag(0x0008, 0xFFFF).CompareTo(new DicomTag(0x0009, 0x0000)) < 0);
        Assert.Equal("(0020,000D)", new DicomTag(0x0020, 0x000D).ToString());
    }
}

using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>Explicit VR Big Endian pixel data as DCMTK writes it (dcmconv +tb), read and written by ours.</summary>
public sealed class DcmtkBigEndianTests
{
    [Theory]
    [InlineData("mono16u12", false)]
    [InlineData("mono16s", false)]
    [InlineData("mono16sx3", false)]
    [InlineData("mono8", false)]
    [InlineData("mono8-odd", false)]
    [InlineData("mono8-odd", true)]
    [InlineData("rgb8x4", false)]
    [InlineData("rgb16", false)]
    [InlineData("mono32s", false)]
    [InlineData("bits5x5x3", false)]
    [InlineData("bits7x9x2", false)]
    [InlineData("bits7x9x2", true)]
    public void Big_endian_pixel_data_reads_as_the_original_and_encodes_back_byte_for_byte(string name, bool ob)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, 3);
        using var temp = new TempFolder();
        TestDicomFile.WriteNative(temp.File("le.dcm"), d, TestImages.PixelData(d, samples), ob);

        DcmtkTool.Run("dcmconv", "+tb", temp.File("le.dcm"), temp.File("be.dcm"));

        var be = TestDicomFile.Read(temp.File("be.dcm"));
        Assert.Equal(TestDicomFile.ExplicitBig, be.TransferSyntax);
        var order = ob ? PixelDataByteOrder.BigEndianOB : PixelDataByteOrder.BigEndianOW;
        var pixels = new NativePixelData(d, be.PixelData, order);
        foreach (var frame in pixels.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], frame.ToSamples<long>());
        }

        var ours = NativePixelData.Encode(d, pixels.EnumerateFrames().Select(f => f.Data), order);
        Assert.Equal(be.PixelData, ours);
    }
}

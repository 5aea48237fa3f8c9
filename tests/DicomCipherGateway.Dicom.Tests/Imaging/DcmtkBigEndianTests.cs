using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

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
    public async Task Big_endian_pixel_data_reads_as_the_original_and_encodes_back_byte_for_byte(string name, bool ob)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, 3);
        using var temp = new TempDirectory();
        ImageFiles.WriteNative(temp.File("le.dcm"), d, TestImages.PixelData(d, samples), ob);

        (await DcmtkTools.RunAsync("dcmconv", "+tb", temp.File("le.dcm"), temp.File("be.dcm"))).EnsureNoWarnings();

        // Through the data layer: values are little endian in memory whatever the file's syntax.
        var pixels = ImageFiles.Pixels(temp.File("be.dcm"));
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, pixels.TransferSyntax);
        foreach (var frame in pixels.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], frame.ToSamples<long>());
        }

        // The raw big-endian bytes (Pixel Data is the file's last element) through the byte-order layer.
        var raw = File.ReadAllBytes(temp.File("be.dcm"))[^(int)d.PaddedPixelDataLength..];
        var order = ob ? PixelDataByteOrder.BigEndianOB : PixelDataByteOrder.BigEndianOW;
        var direct = new NativePixelData(d, raw, order);
        foreach (var frame in direct.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], frame.ToSamples<long>());
        }

        Assert.Equal(raw, NativePixelData.Encode(d, direct.EnumerateFrames().Select(f => f.Data), order));

        // And our writer puts the same bytes back in the file.
        using var copy = new MemoryStream();
        DicomFile.Open(temp.File("be.dcm")).Write(copy);
        Assert.Equal(raw, copy.ToArray()[^raw.Length..]);
    }
}

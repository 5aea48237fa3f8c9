using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Part10;

public class EncapsulatedTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    private static readonly DicomTag PixelData = new(0x7FE00010);

    [Fact]
    public void An_RLE_file_from_dcmcrle_is_read_as_fragments_and_written_back_unchanged()
    {
        var file = DicomFile.Open(files.Rle);
        Assert.True(file.TransferSyntax.IsEncapsulated);
        var fragments = Assert.IsType<DicomFragmentSequence>(file.Dataset[PixelData]);
        Assert.Single(fragments.Fragments);
        using var ms = new MemoryStream();
        file.Write(ms);
        Assert.Equal(File.ReadAllBytes(files.Rle), ms.ToArray());
    }

    [Fact]
    public async Task A_multi_frame_RLE_file_has_one_offset_per_frame_and_dcmdrle_decodes_our_copy()
    {
        var file = DicomFile.Open(files.RleMultiFrame);
        var fragments = Assert.IsType<DicomFragmentSequence>(file.Dataset[PixelData]);
        Assert.Equal(3, fragments.Fragments.Count);
        var offsets = fragments.GetBasicOffsets();
        Assert.Equal(3, offsets.Length);
        Assert.Equal(0u, offsets[0]);
        Assert.Equal(fragments.Fragments[0].Length + 8, offsets[1]);

        var copy = Path.Combine(files.Directory, "copy-rle.dcm");
        file.Save(copy);
        var decoded = Path.Combine(files.Directory, "copy-decoded.dcm");
        (await DcmtkTools.RunAsync("dcmdrle", copy, decoded)).EnsureSuccess();
        Assert.Equal(16 * 16 * 2 * 3, DicomFile.Open(decoded).Dataset.GetElement(PixelData)!.Length);
    }

    [Fact]
    public void Converting_into_or_out_of_a_syntax_without_codec_is_refused_clearly_and_same_syntax_carries_fragments()
    {
        var file = DicomFile.Open(files.Rle);
        var ex = Assert.Throws<DicomCodecException>(() => file.ChangeTransferSyntax(DicomTransferSyntax.JPEGBaseline8Bit));
        Assert.Contains("no codec for", ex.Message, StringComparison.Ordinal);

        // The same fragments labelled JPEG 2000: carried unchanged into their own syntax, refused elsewhere.
        var jpeg = file.ChangeTransferSyntax(DicomTransferSyntax.RLELossless);
        jpeg.FileMetaInformation.TransferSyntax = DicomTransferSyntax.JPEG2000;
        Assert.Same(jpeg.Dataset, jpeg.ChangeTransferSyntax(DicomTransferSyntax.JPEG2000).Dataset);
        ex = Assert.Throws<DicomCodecException>(() => jpeg.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("no codec for JPEG 2000", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DicomCodecException>(() => jpeg.ChangeTransferSyntax(DicomTransferSyntax.RLELossless));
    }
}

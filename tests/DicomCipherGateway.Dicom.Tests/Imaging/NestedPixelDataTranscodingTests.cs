using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

public class NestedPixelDataTranscodingTests
{
    [Fact]
    public void An_icon_whose_pixels_would_stay_in_the_old_encoding_is_refused_not_written_invalid()
    {
        var icon = new DicomDataset();
        icon.SetValues<ushort>(DicomTags.Rows, 2);
        icon.SetValues<ushort>(DicomTags.Columns, 2);
        icon.SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[] { 1, 2, 3, 4 });
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPInstanceUID, "1.2.3.4");
        ds.Set(new DicomSequence(DicomTags.IconImageSequence, icon));
        ds.SetValues<ushort>(DicomTags.Rows, 2);
        ds.SetValues<ushort>(DicomTags.Columns, 2);
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetValues<ushort>(DicomTags.BitsAllocated, 8);
        ds.SetValues<ushort>(DicomTags.BitsStored, 8);
        ds.SetValues<ushort>(DicomTags.HighBit, 7);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, 0);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[] { 9, 8, 7, 6 });
        var file = new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        var ex = Assert.Throws<DicomCodecException>(() => file.ChangeTransferSyntax(DicomTransferSyntax.RLELossless));
        Assert.Contains("(0088,0200)", ex.Message, StringComparison.Ordinal);

        // Between native syntaxes nothing changes encoding, so the icon travels as it is.
        var implicitFile = file.ChangeTransferSyntax(DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.NotNull(implicitFile.Dataset.GetSequence(DicomTags.IconImageSequence));
    }
}

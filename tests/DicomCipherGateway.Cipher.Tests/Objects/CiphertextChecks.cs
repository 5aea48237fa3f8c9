using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>What every ciphertext object must satisfy, judged by our reader and by DCMTK and dciodvfy.</summary>
internal static class CiphertextChecks
{
    public static void Structure(DicomFile original, DicomFile ciphertext)
    {
        var o = original.Dataset;
        var c = ciphertext.Dataset;
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, ciphertext.TransferSyntax.Uid);
        Assert.Equal(o.GetString(DicomTags.SOPInstanceUID), c.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal(o.GetString(DicomTags.SOPClassUID), c.GetString(DicomTags.SOPClassUID));
        Assert.Equal(o.GetString(DicomTags.PatientID), c.GetString(DicomTags.PatientID));
        Assert.Equal(o.GetValue<ushort>(DicomTags.Rows), c.GetValue<ushort>(DicomTags.Rows));
        Assert.Equal(o.GetValue<ushort>(DicomTags.Columns), c.GetValue<ushort>(DicomTags.Columns));
        Assert.Equal(o.GetString(DicomTags.NumberOfFrames), c.GetString(DicomTags.NumberOfFrames));
        Assert.Equal("MONOCHROME2", c.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal(1, c.GetValue<ushort>(DicomTags.SamplesPerPixel));
        Assert.Equal(0, c.GetValue<ushort>(DicomTags.PixelRepresentation));
        var bits = o.GetValue<ushort>(DicomTags.BitsAllocated) <= 8 ? 8 : 16;
        Assert.Equal(bits, c.GetValue<ushort>(DicomTags.BitsAllocated));
        Assert.Equal(bits, c.GetValue<ushort>(DicomTags.BitsStored));
        Assert.Equal(bits - 1, c.GetValue<ushort>(DicomTags.HighBit));
        Assert.False(c.Contains(DicomTags.PlanarConfiguration));
        Assert.False(c.Contains(DicomTags.IconImageSequence));
        Assert.False(c.Contains(DicomTags.SmallestImagePixelValue));
        Assert.False(c.Contains(new DicomTag(0x00280107)));
        Assert.False(c.Contains(new DicomTag(0x00280120)));
        Assert.DoesNotContain(c, item => item.Tag.Group is >= 0x6000 and <= 0x601E);
        Assert.IsType<DicomElement>(c[DicomTags.PixelData]);
        Assert.Equal("DICOMCIPHERGATEWAY 1", c.GetString(new DicomTag(0x7FD1, 0x0010)));
    }

    /// <summary>dcmdump reads the file with no warning or error, and dciodvfy finds no error the original did not have.</summary>
    public static async Task JudgedByDcmtkAsync(string originalPath, string ciphertextPath)
    {
        var dump = await DcmtkTools.RunAsync("dcmdump", "-q", ciphertextPath);
        Assert.True(dump.ExitCode == 0 && dump.StdErr.Trim().Length == 0, $"dcmdump: {dump.StdErr}");
        var before = (await DcmtkTools.DciodvfyErrorsAsync(originalPath)).Select(Normalise).ToHashSet();
        var after = (await DcmtkTools.DciodvfyErrorsAsync(ciphertextPath)).Select(Normalise).ToList();
        var added = after.Where(e => !before.Contains(e)).ToList();
        Assert.True(added.Count == 0, "new dciodvfy errors:\n" + string.Join('\n', added));
    }

    // dciodvfy sometimes quotes values; compare the message shape.
    private static string Normalise(string line) => line.Trim();
}

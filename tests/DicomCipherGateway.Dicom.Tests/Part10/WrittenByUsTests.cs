using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Part10;

/// <summary>Files built from scratch by the library, judged by dcmdump.</summary>
public sealed class WrittenByUsTests : IDisposable
{
    private readonly TempDirectory dir = new("dcg-written");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Encapsulated_pixel_data_with_an_extended_offset_table_and_64_bit_VRs_is_read_by_dcmdump()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage.Value);
        ds.SetString(DicomTags.SOPInstanceUID, "2.25.42");
        ds.SetString(DicomTags.NumberOfFrames, "2");
        ds.SetValues<ulong>(DicomTags.ExtendedOffsetTable, DicomVR.OV, 0UL, 16UL);
        ds.SetValues<ulong>(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, 8UL, 6UL);
        ds.SetValues<long>(new DicomTag(0x00091010), DicomVR.SV, -5L);
        ds.SetString(new DicomTag(0x00090010), DicomVR.LO, "DCG TEST");
        ds.SetValues<ulong>(new DicomTag(0x00091011), DicomVR.UV, ulong.MaxValue);
        var pixels = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, DicomValue.Empty);
        pixels.Add(DicomValue.FromMemory(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        pixels.Add(DicomValue.FromMemory(new byte[] { 9, 10, 11, 12, 13, 14 }));
        ds.Set(pixels);
        var path = dir.File("encapsulated.dcm");
        new DicomFile(ds, DicomTransferSyntax.RLELossless).Save(path);

        var dump = await DcmtkTools.RunAsync("dcmdump", "+L", path);
        Assert.Equal(0, dump.ExitCode);
        Assert.Equal(string.Empty, dump.StdErr.Trim());
        Assert.Contains("(7fe0,0001) OV 0\\16", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0009,1010) SV -5", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0009,1011) UV 18446744073709551615", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(7fe0,0010) OB (PixelSequence #=3)", dump.StdOut, StringComparison.Ordinal);

        var back = DicomFile.Open(path);
        Assert.Equal([0UL, 16UL], back.Dataset.GetValues<ulong>(DicomTags.ExtendedOffsetTable));
        Assert.Equal(2, back.Dataset.GetFragments(DicomTags.PixelData)!.Fragments.Count);
    }
}

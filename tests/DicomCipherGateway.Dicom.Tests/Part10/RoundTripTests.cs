using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Tests.Part10;

public class RoundTripTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    [Theory]
    [InlineData("implicit", "1.2.840.10008.1.2")]
    [InlineData("explicit", "1.2.840.10008.1.2.1")]
    [InlineData("big", "1.2.840.10008.1.2.2")]
    [InlineData("deflated", "1.2.840.10008.1.2.1.99")]
    public void Reading_and_writing_a_dcmconv_file_reproduces_it_byte_for_byte(string syntax, string uid)
    {
        var path = files.BySyntax[syntax];
        var file = DicomFile.Open(path);
        Assert.Equal(uid, file.TransferSyntax.Uid);
        using var ms = new MemoryStream();
        file.Write(ms);
        if (syntax == "deflated")
        {
            // zlib and .NET compress differently: compare the inflated datasets instead.
            var again = DicomFile.Read(new MemoryStream(ms.ToArray()));
            Assert.Equal(
                IO.DatasetBytes.Of(file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian),
                IO.DatasetBytes.Of(again.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
            return;
        }

        Assert.Equal(File.ReadAllBytes(path), ms.ToArray());
    }

    [Theory]
    [InlineData("implicit")]
    [InlineData("explicit")]
    [InlineData("big")]
    public async Task A_file_read_from_a_stream_async_writes_back_unchanged(string syntax)
    {
        var bytes = await File.ReadAllBytesAsync(files.BySyntax[syntax]);
        var file = await DicomFile.ReadAsync(new MemoryStream(bytes));
        using var ms = new MemoryStream();
        await file.WriteAsync(ms);
        Assert.Equal(bytes, ms.ToArray());
    }

    [Fact]
    public void Large_values_of_a_file_stay_in_the_file_until_used()
    {
        var file = DicomFile.Open(files.BySyntax["explicit"], new DicomReadOptions { DeferValuesLargerThan = 1024 });
        var pixels = file.Dataset.GetElement(new DicomTag(0x7FE00010))!;
        Assert.False(pixels.Value.IsMaterialized);
        Assert.Equal(32 * 48 * 2, pixels.Length);
        using var ms = new MemoryStream();
        file.Write(ms);
        Assert.Equal(File.ReadAllBytes(files.BySyntax["explicit"]), ms.ToArray());
    }

    [Fact]
    public async Task A_header_written_alone_plus_the_raw_dataset_bytes_is_the_same_file()
    {
        var original = DicomFile.Open(files.BySyntax["implicit"]);
        var datasetBytes = DatasetBytesOf(original);
        using var ms = new MemoryStream();
        await DicomFile.WriteHeaderAsync(ms, original.FileMetaInformation);
        await ms.WriteAsync(datasetBytes);
        var preambleAndMeta = File.ReadAllBytes(files.BySyntax["implicit"]);
        Assert.Equal(preambleAndMeta, ms.ToArray());
    }

    [Fact]
    public async Task OpenAsync_reads_the_same_file_and_knows_where_the_dataset_starts()
    {
        var path = files.BySyntax["implicit"];
        var file = await DicomFile.OpenAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(DatasetBytesOf(file), bytes[(int)file.DatasetOffset..]);
    }

    [Fact]
    public void A_header_only_read_stops_before_pixel_data_and_a_policy_can_skip_or_buffer_large_values()
    {
        var path = files.BySyntax["explicit"];
        var header = DicomFile.Open(path, new DicomReadOptions { StopBefore = new DicomTag(0x7FE00010) });
        Assert.False(header.Dataset.Contains(new DicomTag(0x7FE00010)));
        Assert.Equal("PAT001", header.Dataset.GetString(new DicomTag(0x00100020)));

        var seen = new List<LargeValueInfo>();
        var skipped = DicomFile.Read(new MemoryStream(File.ReadAllBytes(path)), new DicomReadOptions
        {
            DeferValuesLargerThan = 1000,
            LargeValuePolicy = info => { seen.Add(info); return LargeValueAction.Skip; },
        });
        Assert.False(skipped.Dataset.Contains(new DicomTag(0x7FE00010)));
        Assert.Equal(new DicomTag(0x7FE00010), Assert.Single(seen).Tag);
        Assert.False(seen[0].CanDefer);

        var buffered = DicomFile.Open(path, new DicomReadOptions { DeferValuesLargerThan = 1000, LargeValuePolicy = _ => LargeValueAction.Buffer });
        Assert.True(buffered.Dataset.GetElement(new DicomTag(0x7FE00010))!.Value.IsMaterialized);
    }

    private static byte[] DatasetBytesOf(DicomFile file) =>
        DicomCipherGateway.Dicom.IO.Writing.DicomDatasetWriter.ToArray(file.Dataset, file.TransferSyntax);
}

using System.Buffers;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

public class SinkTests
{
    [Fact]
    public async Task Spilling_sink_stays_in_memory_below_the_threshold()
    {
        using var dir = new TempDirectory("dcg-sink");
        await using var sink = new SpillingDatasetSink(dir.Path, memoryThreshold: 1000);
        await sink.WriteAsync(new ReadOnlySequence<byte>(new byte[600]), CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);
        Assert.Null(sink.FilePath);
        Assert.Empty(Directory.GetFiles(dir.Path));
        await using var read = sink.OpenRead();
        Assert.Equal(600, read.Length);
    }

    [Fact]
    public async Task Spilling_sink_moves_to_a_file_and_deletes_it_on_dispose()
    {
        using var dir = new TempDirectory("dcg-sink");
        var data = new byte[5000];
        new Random(1).NextBytes(data);
        var sink = new SpillingDatasetSink(dir.Path, memoryThreshold: 1000);
        for (var i = 0; i < 5; i++)
        {
            await sink.WriteAsync(new ReadOnlySequence<byte>(data.AsMemory(i * 1000, 1000)), CancellationToken.None);
        }

        await sink.CompleteAsync(CancellationToken.None);
        Assert.NotNull(sink.FilePath);
        Assert.Single(Directory.GetFiles(dir.Path));
        using (var read = sink.OpenRead())
        using (var copy = new MemoryStream())
        {
            await read.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }

        await sink.DisposeAsync();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task An_incomplete_spill_is_deleted_and_limits_are_enforced()
    {
        using var dir = new TempDirectory("dcg-sink");
        var sink = new SpillingDatasetSink(dir.Path, memoryThreshold: 10, maxLength: 100);
        await sink.WriteAsync(new ReadOnlySequence<byte>(new byte[50]), CancellationToken.None);
        await Assert.ThrowsAsync<DatasetSinkFullException>(() => sink.WriteAsync(new ReadOnlySequence<byte>(new byte[51]), CancellationToken.None).AsTask());
        await sink.DisposeAsync();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Part10_sink_writes_a_readable_file_only_on_completion()
    {
        using var dir = new TempDirectory("dcg-sink");
        var dataset = DimseServiceTests.CtSlice(8, 8);
        var bytes = DicomCipherGateway.Dicom.IO.Writing.DicomDatasetWriter.ToArray(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var request = new CStoreRequest(dataset.GetString(Dictionary.DicomTags.SOPClassUID)!, dataset.GetString(Dictionary.DicomTags.SOPInstanceUID)!, DicomTransferSyntax.ExplicitVRLittleEndian, 1);
        var path = Path.Combine(dir.Path, "x.dcm");

        var broken = await Part10FileSink.CreateAsync(path, request, "SCU", CancellationToken.None);
        await broken.WriteAsync(new ReadOnlySequence<byte>(bytes.AsMemory(0, 10)), CancellationToken.None);
        await broken.DisposeAsync();
        Assert.Empty(Directory.GetFiles(dir.Path));

        await using (var sink = await Part10FileSink.CreateAsync(path, request, "SCU", CancellationToken.None))
        {
            await sink.WriteAsync(new ReadOnlySequence<byte>(bytes), CancellationToken.None);
            await sink.CompleteAsync(CancellationToken.None);
        }

        var file = DicomCipherGateway.Dicom.Part10.DicomFile.Open(path);
        Assert.Equal(request.SopInstanceUid, file.FileMetaInformation.MediaStorageSOPInstanceUid);
        Assert.Equal("SCU", file.FileMetaInformation.SourceApplicationEntityTitle);
        Assert.Equal(bytes, DicomCipherGateway.Dicom.IO.Writing.DicomDatasetWriter.ToArray(file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }
}

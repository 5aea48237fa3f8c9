using System.Buffers;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Writes a DICOM Part 10 file: preamble, meta information for the received instance, then
/// the data set bytes as they arrive. The file is written under a temporary name and moved
/// into place on completion; disposal without completion deletes it, so a broken transfer
/// never leaves a file that looks complete.
/// </summary>
public sealed class Part10FileSink : IDatasetSink
{
    private readonly FileStream _stream;
    private readonly string _temporaryPath;
    private bool _completed;

    private Part10FileSink(FileStream stream, string temporaryPath, string path)
    {
        _stream = stream;
        _temporaryPath = temporaryPath;
        Path = path;
    }

    /// <summary>Where the file is once complete.</summary>
    public string Path { get; }

    public long Length { get; private set; }

    public static async Task<Part10FileSink> CreateAsync(string path, CStoreRequest request, string? sourceAeTitle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var temporary = path + ".partial";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        try
        {
            var identity = new DicomDataset();
            identity.SetString(new DicomTag(0x00080016), DicomVR.UI, request.SopClassUid);
            identity.SetString(new DicomTag(0x00080018), DicomVR.UI, request.SopInstanceUid);
            var meta = FileMetaInformation.Create(identity, request.TransferSyntax, sourceAeTitle);

            // An empty data set writes just preamble, DICM and the meta group.
            await new DicomFile(new DicomDataset(), meta).WriteAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Part10FileSink(stream, temporary, path);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(temporary);
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken)
    {
        foreach (var segment in fragment)
        {
            await _stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }

        Length += fragment.Length;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporaryPath, Path, overwrite: true);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            File.Delete(_temporaryPath);
        }
    }
}

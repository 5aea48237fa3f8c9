using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>
/// Reads a bare dataset (no preamble, no File Meta Information) in a given transfer syntax: DIMSE
/// command sets (always Implicit VR Little Endian), data sets of P-DATA, or bytes in memory.
/// For Part 10 files use <c>DicomFile</c>. Deflated syntaxes are inflated here.
/// </summary>
public static class DicomDatasetReader
{
    public static DicomDataset Read(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        using var stream = new Values.ReadOnlyMemoryStream(bytes);
        return Read(stream, syntax, options);
    }

    public static DicomDataset Read(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        ReadCoreAsync(false, stream, syntax, options, CancellationToken.None).GetAwaiter().GetResult();

    public static ValueTask<DicomDataset> ReadAsync(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(true, stream, syntax, options, cancellationToken);

    private static async ValueTask<DicomDataset> ReadCoreAsync(bool async, Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= DicomReadOptions.Default;
        var source = syntax.IsDeflated
            ? new Values.InflationLimitStream(new System.IO.Compression.DeflateStream(stream, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true), options.MaxInflatedLength, 0)
            : stream;
        try
        {
            var length = !syntax.IsDeflated && stream.CanSeek ? stream.Length - stream.Position : -1;
            using var parser = new DicomStreamParser(source, syntax, options, 0, length, filePath: null);
            var dataset = new DicomDataset();
            var stop = options.StopBefore;
            await parser.ReadAsync(async, dataset, stop is { } s ? t => t.Value >= s.Value : null, cancellationToken).ConfigureAwait(false);
            return dataset;
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException($"the deflated dataset is corrupt ({ex.Message})", null, 0, ex);
        }
        finally
        {
            if (!ReferenceEquals(source, stream))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

using System.IO.Compression;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Validation;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.IO.Writing;

/// <summary>
/// Writes a bare dataset (no preamble or File Meta Information) in a transfer syntax: DIMSE command
/// sets (Implicit VR Little Endian), P-DATA data sets, or bytes in memory. Deflated syntaxes are
/// deflated here. For Part 10 files use <c>DicomFile</c>.
/// </summary>
public static class DicomDatasetWriter
{
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null) =>
        WriteCoreAsync(false, stream, dataset, syntax, options, CancellationToken.None).GetAwaiter().GetResult();

    public static ValueTask WriteAsync(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(true, stream, dataset, syntax, options, cancellationToken);

    public static byte[] ToArray(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        Write(ms, dataset, syntax, options);
        return ms.ToArray();
    }

    /// <summary>Encoded length of the dataset in the syntax (before deflating).</summary>
    public static long ComputeLength(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null) =>
        DicomLengthCalculator.Dataset(dataset, syntax.IsExplicitVR, options ?? DicomWriteOptions.Default);

    private static async ValueTask WriteCoreAsync(bool async, Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= DicomWriteOptions.Default;
        foreach (var issue in DatasetValidator.Validate(dataset, options.Validation))
        {
            options.Logger.LogWarning("Writing a dataset with a problem: {Issue}", issue.ToString());
        }

        var target = syntax.IsDeflated ? new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true) : stream;
        try
        {
            using var writer = new DicomStreamWriter(target, options, syntax.IsBigEndian);
            await writer.WriteDatasetAsync(async, dataset, syntax.IsExplicitVR, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(async, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(target, stream))
            {
                if (async)
                {
                    await target.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    target.Dispose();
                }
            }
        }
    }
}

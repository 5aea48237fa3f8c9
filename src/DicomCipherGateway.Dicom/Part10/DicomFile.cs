using System.Buffers.Binary;
using System.IO.Compression;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Part10;

/// <summary>
/// A DICOM Part 10 file (PS3.10 §7): 128-byte preamble, "DICM", File Meta Information and the
/// dataset in the transfer syntax the meta information names. Files without a meta header are read
/// by guessing the syntax from the first element. Reading and writing in the same transfer syntax
/// reproduces the file byte for byte (the preamble is kept, the meta group length recomputed).
/// </summary>
public sealed class DicomFile
{
    private const int PreambleLength = 128;

    public DicomFile(DicomDataset dataset, FileMetaInformation meta)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(meta);
        Dataset = dataset;
        FileMetaInformation = meta;
    }

    /// <summary>A new file for a dataset, with meta information created for <paramref name="syntax"/>.</summary>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax syntax)
        : this(dataset, FileMetaInformation.Create(dataset, syntax))
    {
    }

    public DicomDataset Dataset { get; }

    public FileMetaInformation FileMetaInformation { get; }

    /// <summary>The syntax of the dataset as read (and as it will be written unless changed).</summary>
    public DicomTransferSyntax TransferSyntax => FileMetaInformation.TransferSyntax;

    /// <summary>The 128-byte preamble as read (zeros for new files).</summary>
    public ReadOnlyMemory<byte> Preamble { get; set; } = new byte[PreambleLength];

    /// <summary>How the file was framed when read: with preamble and DICM, meta only, or a bare dataset.</summary>
    public DicomFileFormat Format { get; private set; } = DicomFileFormat.Part10;

    /// <summary>
    /// Byte offset of the dataset (after preamble and meta header) in the stream it was read from,
    /// or -1 for a new file. Lets a sender copy the encoded dataset without re-encoding it when the
    /// negotiated transfer syntax is the file's own.
    /// </summary>
    public long DatasetOffset { get; private set; } = -1;

    /// <summary>
    /// Whether a file is worth opening as DICOM when scanning a folder: a ".dcm" name, or the Part 10
    /// "DICM" marker after the 128-byte preamble. Bare datasets without either are not recognised:
    /// name them .dcm or open them explicitly.
    /// </summary>
    public static bool LooksLikeDicom(string path)
    {
        if (Path.GetExtension(path).Equals(".dcm", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<byte> marker = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Length >= PreambleLength + 4
            && stream.Seek(PreambleLength, SeekOrigin.Begin) == PreambleLength
            && stream.ReadAtLeast(marker, 4, throwOnEndOfStream: false) == 4
            && marker.SequenceEqual("DICM"u8);
    }

    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return ReadCoreAsync(false, stream, Path.GetFullPath(path), options, CancellationToken.None).GetAwaiter().GetResult();
    }

    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadCoreAsync(true, stream, Path.GetFullPath(path), options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a file from a stream; every value is read into memory.</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null) =>
        ReadCoreAsync(false, stream, null, options, CancellationToken.None).GetAwaiter().GetResult();

    public static ValueTask<DicomFile> ReadAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(true, stream, null, options, cancellationToken);

    public void Save(string path, DicomWriteOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        WriteCoreAsync(false, stream, options, CancellationToken.None).GetAwaiter().GetResult();
    }

    public async Task SaveAsync(string path, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await WriteCoreAsync(true, stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Write(Stream stream, DicomWriteOptions? options = null) =>
        WriteCoreAsync(false, stream, options, CancellationToken.None).GetAwaiter().GetResult();

    public ValueTask WriteAsync(Stream stream, DicomWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(true, stream, options, cancellationToken);

    /// <summary>
    /// A file with the same dataset in another transfer syntax. Between native syntaxes the values
    /// are shared, not copied. Native ↔ RLE Lossless re-encodes Pixel Data into a copy of the
    /// dataset (this file is not changed). Other encapsulated syntaxes (JPEG family, JPEG-LS,
    /// JPEG 2000, HTJ2K, private ones) keep their fragments when the syntax stays the same;
    /// converting into or out of them raises <see cref="DicomCodecException"/> (no codec).
    /// Corrupt pixel data raises <see cref="Imaging.DicomImagingException"/>.
    /// </summary>
    public DicomFile ChangeTransferSyntax(DicomTransferSyntax target)
    {
        var dataset = PixelDataTranscoder.Transcode(Dataset, TransferSyntax, target);
        var meta = new DicomDataset(FileMetaInformation.Elements);
        var file = new DicomFile(dataset, new FileMetaInformation(meta)) { Preamble = Preamble };
        file.FileMetaInformation.TransferSyntax = target;
        // The new encoding is this implementation's work: say so in the meta header (PS3.10 §7.1).
        meta.SetString(FileMetaInformation.ImplementationClassUIDTag, DicomVR.UI, FileMetaInformation.ImplementationClassUid);
        meta.SetString(FileMetaInformation.ImplementationVersionNameTag, DicomVR.SH, FileMetaInformation.ImplementationVersion);
        return file;
    }

    private static async ValueTask<DicomFile> ReadCoreAsync(bool async, Stream stream, string? path, DicomReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= DicomReadOptions.Default;
        var length = stream.CanSeek ? stream.Length - stream.Position : -1;
        var head = new byte[PreambleLength + 4];
        var got = await ReadAtLeastAsync(async, stream, head, cancellationToken).ConfigureAwait(false);
        var headSpan = head.AsSpan(0, got);

        byte[] preamble;
        byte[] prefix;
        DicomFileFormat format;
        if (got == head.Length && headSpan.Slice(PreambleLength, 4).SequenceEqual("DICM"u8))
        {
            preamble = head[..PreambleLength];
            prefix = [];
            format = DicomFileFormat.Part10;
        }
        else
        {
            preamble = new byte[PreambleLength];
            prefix = headSpan.ToArray();
            format = LooksLikeMetaGroup(prefix) ? DicomFileFormat.MetaWithoutPreamble : DicomFileFormat.DatasetOnly;
        }

        long offset = got - prefix.Length;
        var metaElements = new DicomDataset();
        DicomTransferSyntax syntax;
        byte[] rest;
        try
        {
            if (format == DicomFileFormat.DatasetOnly)
            {
                syntax = GuessSyntax(prefix);
                metaElements = FileMetaInformation.Create(new DicomDataset(), syntax).Elements;
                rest = prefix;
            }
            else
            {
                using var metaParser = new DicomStreamParser(stream, DicomTransferSyntax.ExplicitVRLittleEndian, options, offset, length, null, prefix);
                await metaParser.ReadAsync(async, metaElements, static t => t.Group != 0x0002, cancellationToken).ConfigureAwait(false);
                syntax = new FileMetaInformation(metaElements).TransferSyntax;
                rest = metaParser.Unconsumed.ToArray();
                offset = metaParser.Position;
            }

            var datasetOffset = offset;
            Func<DicomTag, bool>? stopBefore = options.StopBefore is { } stop ? t => t.Value >= stop.Value : null;
            var dataset = new DicomDataset();
            if (syntax.IsDeflated)
            {
                var deflate = new InflationLimitStream(new DeflateStream(new PrefixedStream(rest, stream), CompressionMode.Decompress, leaveOpen: true), options.MaxInflatedLength, offset);
                await using (deflate.ConfigureAwait(false))
                {
                    using var parser = new DicomStreamParser(deflate, syntax, options, offset, -1, null);
                    await parser.ReadAsync(async, dataset, stopBefore, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                using var parser = new DicomStreamParser(stream, syntax, options, offset, length, path, rest);
                await parser.ReadAsync(async, dataset, stopBefore, cancellationToken).ConfigureAwait(false);
            }

            return new DicomFile(dataset, new FileMetaInformation(metaElements)) { Preamble = preamble, Format = format, DatasetOffset = datasetOffset };
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException($"the deflated dataset is corrupt ({ex.Message})", null, offset, ex);
        }
    }

    /// <summary>
    /// Writes only the preamble, "DICM" and the File Meta Information, so that a dataset already
    /// encoded in the meta's transfer syntax (for example a C-STORE data set received over the
    /// network) can be appended as it arrives, without being parsed.
    /// </summary>
    public static ValueTask WriteHeaderAsync(Stream stream, FileMetaInformation meta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var file = new DicomFile(new DicomDataset(), meta);
        return file.WriteHeaderCoreAsync(true, stream, cancellationToken);
    }

    private async ValueTask WriteCoreAsync(bool async, Stream stream, DicomWriteOptions? options, CancellationToken cancellationToken)
    {
        await WriteHeaderCoreAsync(async, stream, cancellationToken).ConfigureAwait(false);
        if (async)
        {
            await DicomDatasetWriter.WriteAsync(stream, Dataset, TransferSyntax, options, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            DicomDatasetWriter.Write(stream, Dataset, TransferSyntax, options);
            stream.Flush();
        }
    }

    private async ValueTask WriteHeaderCoreAsync(bool async, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var meta = new DicomDataset(FileMetaInformation.Elements.Where(e => e.Tag != FileMetaInformation.GroupLengthTag));
        if (!meta.Contains(FileMetaInformation.VersionTag))
        {
            meta.SetBytes(FileMetaInformation.VersionTag, DicomVR.OB, new byte[] { 0x00, 0x01 });
        }

        var metaLength = DicomDatasetWriter.ComputeLength(meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, checked((uint)metaLength));
        meta.SetBytes(FileMetaInformation.GroupLengthTag, DicomVR.UL, groupLength);

        var head = new byte[PreambleLength + 4];
        Preamble.Span[..Math.Min(PreambleLength, Preamble.Length)].CopyTo(head);
        "DICM"u8.CopyTo(head.AsSpan(PreambleLength));
        if (async)
        {
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await DicomDatasetWriter.WriteAsync(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stream.Write(head);
            DicomDatasetWriter.Write(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        }
    }

    private static bool LooksLikeMetaGroup(ReadOnlySpan<byte> b) =>
        b.Length >= 6 && b[0] == 0x02 && b[1] == 0x00 && DicomVR.FromBytes(b.Slice(4, 2)).IsKnown;

    /// <summary>Guesses the syntax of a bare dataset from its first element header.</summary>
    private static DicomTransferSyntax GuessSyntax(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8)
        {
            throw new DicomFormatException("the input is too short to be a DICOM dataset", null, 0);
        }

        var explicitVR = DicomVR.FromBytes(b.Slice(4, 2)).IsKnown;
        var groupLe = BinaryPrimitives.ReadUInt16LittleEndian(b);
        var groupBe = BinaryPrimitives.ReadUInt16BigEndian(b);
        if (explicitVR && groupBe < groupLe && groupBe != 0)
        {
            return DicomTransferSyntax.ExplicitVRBigEndian;
        }

        if (groupLe is 0 or > 0x7FE0 && !explicitVR)
        {
            throw new DicomFormatException("the input is neither a Part 10 file nor a recognisable DICOM dataset", null, 0);
        }

        return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    private static async ValueTask<int> ReadAtLeastAsync(bool async, Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = async
                ? await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)
                : stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}

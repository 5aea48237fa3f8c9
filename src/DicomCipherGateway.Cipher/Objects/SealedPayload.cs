using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// The plaintext of a ciphertext object's envelope (docs/ciphertext-object.md, "Envelope payload"):
/// the normalisation, the original preamble and File Meta Information (when the object came from a
/// file), and every original element the ciphertext object removed or rewrote, as a DICOM dataset
/// in the original transfer syntax (its non-deflated form), so fragments and VRs come back as they were;
/// then the digest of the clear header (<see cref="HeaderManifest"/>).
/// </summary>
internal sealed record SealedPayload(
    PixelNormalisation? Normalisation,
    ReadOnlyMemory<byte> Preamble,
    DicomDataset? FileMeta,
    DicomTransferSyntax ElementsSyntax,
    DicomDataset Elements,
    HeaderManifest? Header)
{
    private const byte NoCompression = 0;
    private const byte Brotli = 1;
    private static readonly byte[] Magic = "DCGP"u8.ToArray();

    /// <summary>Largest payload accepted when opening (a sealed payload is authenticated first, so this only bounds honest mistakes).</summary>
    private const long MaxUncompressed = 1L << 31;

    /// <summary>The syntax the sealed elements are serialised in for an original in <paramref name="original"/>.</summary>
    public static DicomTransferSyntax ElementsSyntaxFor(DicomTransferSyntax original) =>
        original.IsEncapsulated ? original
        : DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>The payload's bytes, compressed with Brotli unless that does not help; padded by one byte when <paramref name="padToOdd"/> asks for an odd length.</summary>
    public byte[] Encode(bool padToOdd)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.ASCII, leaveOpen: true))
        {
            w.Write((byte)(Normalisation is null ? 0 : Normalisation.Inverted ? 3 : 1));
            w.Write(Normalisation?.Low ?? 0);
            w.Write(Normalisation?.High ?? 0);
            w.Write(Preamble.Length);
            w.Write(Preamble.Span);
            var meta = FileMeta is null ? [] : DicomDatasetWriter.ToArray(FileMeta, DicomTransferSyntax.ExplicitVRLittleEndian);
            w.Write(meta.Length);
            w.Write(meta);
            w.Write(ElementsSyntax.Uid);
            var elements = DicomDatasetWriter.ToArray(Elements, ElementsSyntax);
            w.Write((long)elements.Length);
            w.Write(elements);
            if (Header is not null)
            {
                var header = Header.Encode();
                w.Write(header.Length);
                w.Write(header);
            }
        }

        var raw = body.GetBuffer().AsSpan(0, (int)body.Length);
        using var output = new MemoryStream();
        output.Write(Magic);
        output.WriteByte(Brotli);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, raw.Length);
        output.Write(length);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(raw);
        }

        if (output.Length >= raw.Length + 13)
        {
            output.SetLength(0);
            output.Write(Magic);
            output.WriteByte(NoCompression);
            output.Write(length);
            output.Write(raw);
        }

        body.SetLength(0);
        if (output.Length % 2 == 0 == padToOdd)
        {
            output.WriteByte(0);
        }

        return output.ToArray();
    }

    /// <summary>Reads a payload made by <see cref="Encode"/> (trailing pad bytes ignored).</summary>
    public static SealedPayload Decode(ReadOnlySpan<byte> bytes, string? sop)
    {
        if (bytes.Length < 13 || !bytes[..4].SequenceEqual(Magic))
        {
            throw Malformed(sop, "the envelope's payload is not a DCGP payload.");
        }

        var compression = bytes[4];
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes[5..]);
        if (length is < 0 or > MaxUncompressed)
        {
            throw Malformed(sop, $"the envelope's payload declares {length} bytes.");
        }

        byte[] raw;
        if (compression == NoCompression)
        {
            if (bytes.Length - 13 < length)
            {
                throw Malformed(sop, "the envelope's payload is shorter than it declares.");
            }

            raw = bytes.Slice(13, (int)length).ToArray();
        }
        else if (compression == Brotli)
        {
            raw = new byte[length];
            if (!BrotliDecoder.TryDecompress(bytes[13..], raw, out var written) || written != length)
            {
                throw Malformed(sop, "the envelope's payload does not decompress to the length it declares.");
            }
        }
        else
        {
            throw Malformed(sop, $"the envelope's payload uses unknown compression {compression}.");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(raw), Encoding.ASCII);
            var flags = r.ReadByte();
            var low = r.ReadInt64();
            var high = r.ReadInt64();
            var normalisation = (flags & 1) != 0 ? new PixelNormalisation(low, high, (flags & 2) != 0) : null;
            var preamble = r.ReadBytes(r.ReadInt32());
            var metaBytes = r.ReadBytes(r.ReadInt32());
            var meta = metaBytes.Length == 0 ? null : DicomDatasetReader.Read(metaBytes, DicomTransferSyntax.ExplicitVRLittleEndian);
            var syntax = DicomTransferSyntax.FromUid(r.ReadString());
            var elementsLength = r.ReadInt64();
            var elements = DicomDatasetReader.Read(r.ReadBytes(checked((int)elementsLength)), syntax);
            HeaderManifest? header = null;
            if (r.BaseStream.Position < r.BaseStream.Length)
            {
                var headerBytes = r.ReadBytes(r.ReadInt32());
                header = HeaderManifest.Decode(new BinaryReader(new MemoryStream(headerBytes)));
            }

            return new SealedPayload(normalisation, preamble, meta, syntax, elements, header);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or OverflowException or InvalidDataException or DicomCipherGateway.Dicom.DicomException)
        {
            throw Malformed(sop, $"the envelope's payload is malformed ({ex.Message}).");
        }
    }

    private static CipherObjectException Malformed(string? sop, string reason) => new(sop, CipherObjectFailure.Malformed, reason);
}

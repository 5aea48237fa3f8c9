using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Re-encodes a dataset's Pixel Data for a change of transfer syntax: native ↔ RLE Lossless.
/// Other encapsulated syntaxes are carried unchanged into their own syntax and refused
/// anywhere else (no codec), with <see cref="DicomCodecException"/>.
/// </summary>
/// <remarks>
/// New RLE Pixel Data gets a filled Basic Offset Table (as <c>dcmcrle</c> does by default), so
/// a reader can seek to a frame without walking the fragments; one fragment per frame. Planar
/// Configuration is kept as it is in both directions, as DCMTK does (see docs/pixel-data.md).
/// The Extended Offset Table, which describes the old fragments, is removed.
/// </remarks>
internal static class PixelDataTranscoder
{
    /// <summary>The dataset to write in <paramref name="target"/>: the same instance when the pixel data needs no change, else a changed copy.</summary>
    public static DicomDataset Transcode(DicomDataset dataset, DicomTransferSyntax source, DicomTransferSyntax target)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sameEncoding = source.IsEncapsulated ? source.Uid == target.Uid : !target.IsEncapsulated;
        if (sameEncoding)
        {
            return dataset;
        }

        // Pixel Data inside a sequence (an icon) is encoded in the file's syntax too; leaving it as
        // it was would write an invalid file, so refuse until nested pixel data is transcoded.
        if (FindNestedPixelData(dataset) is { } sequence)
        {
            throw new DicomCodecException($"Pixel Data nested in {sequence} would need transcoding from {source.Name} to {target.Name} too; not supported yet");
        }

        if (!dataset.Contains(DicomTags.PixelData))
        {
            return dataset;
        }

        if (source.IsEncapsulated && !DicomPixelData.IsRle(source))
        {
            throw NoCodec(source);
        }

        if (target.IsEncapsulated && !DicomPixelData.IsRle(target))
        {
            throw NoCodec(target);
        }

        var pixels = DicomPixelData.FromDataset(dataset, source);
        var copy = dataset.Clone();
        EncapsulatedPixelData.RemoveExtendedOffsetTable(copy);
        if (target.IsEncapsulated)
        {
            copy.Set(EncodeRle(pixels));
        }
        else
        {
            // OW whatever Bits Allocated is (both are valid up to 8 bits): what dcmdrle writes.
            copy.Set(new DicomElement(DicomTags.PixelData, DicomVR.OW, DicomValue.FromMemory(DecodeRle(pixels))));
        }

        return copy;
    }

    private static DicomTag? FindNestedPixelData(DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            if (item is DicomSequence sequence
                && sequence.Items.Any(nested => nested.Contains(DicomTags.PixelData) || FindNestedPixelData(nested) is not null))
            {
                return sequence.Tag;
            }
        }

        return null;
    }

    private static DicomFragmentSequence EncodeRle(DicomPixelData pixels)
    {
        var description = pixels.Description;
        if (description.BitsAllocated is not (8 or 16 or 32))
        {
            throw new DicomCodecException($"RLE Lossless encoding handles Bits Allocated 8, 16 and 32, not {description.BitsAllocated}");
        }

        var fragments = new List<DicomValue>(pixels.FrameCount);
        foreach (var frame in pixels.EnumerateFrames())
        {
            fragments.Add(DicomValue.FromMemory(RleEncoder.Encode(description, frame.Data.Span)));
        }

        return EncapsulatedPixelData.Build(fragments, Enumerable.Repeat(1, fragments.Count).ToArray(), OffsetTable.Basic);
    }

    /// <summary>RLE frames are whole bytes (8/16/32 bits), so each is decoded straight into its place in the native value.</summary>
    private static byte[] DecodeRle(DicomPixelData pixels)
    {
        var description = pixels.Description;
        if (description.PaddedPixelDataLength > Array.MaxLength)
        {
            throw new DicomImagingException($"Native Pixel Data of {description.PaddedPixelDataLength} bytes does not fit in one array.");
        }

        var native = new byte[description.PaddedPixelDataLength];
        for (var i = 0; i < pixels.FrameCount; i++)
        {
            pixels.CopyFrame(i, native.AsSpan(i * description.FrameLength, description.FrameLength));
        }

        return native;
    }

    private static DicomCodecException NoCodec(DicomTransferSyntax syntax) => new($"no codec for {syntax.Name} ({syntax.Uid})");
}

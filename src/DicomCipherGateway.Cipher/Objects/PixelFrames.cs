using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>The native frames of an object's Pixel Data, whatever syntax carries them (native or RLE; the data model holds values little-endian).</summary>
internal static class PixelFrames
{
    /// <summary>True when <paramref name="syntax"/> carries pixels this engine can decode.</summary>
    public static bool CanDecode(DicomTransferSyntax syntax) =>
        !syntax.IsEncapsulated || syntax.Uid == DicomTransferSyntax.RLELossless.Uid;

    /// <summary>The frames, one at a time, as native little-endian frames of <paramref name="description"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Read(DicomDataset dataset, DicomTransferSyntax syntax, PixelDataDescription description, string? sop)
    {
        var item = dataset[DicomTags.PixelData]
            ?? throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, "the object has no Pixel Data (7FE0,0010).");
        if (item is DicomFragmentSequence fragments)
        {
            if (syntax.Uid != DicomTransferSyntax.RLELossless.Uid)
            {
                throw new CipherObjectException(sop, CipherObjectFailure.Unsupported,
                    $"pixel data in {syntax.Name} cannot be decoded here (native and RLE Lossless only).");
            }

            return Guard(RleDecoder.DecodeFrames(description, fragments.Fragments.Select(f => f.GetMemory())).Select(f => f.Data), sop);
        }

        if (item is not DicomElement element)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, "Pixel Data (7FE0,0010) is neither a value nor fragments.");
        }

        try
        {
            var native = new NativePixelData(description, element.Value.GetMemory());
            return Guard(native.EnumerateFrames().Select(f => f.Data), sop);
        }
        catch (DicomImagingException ex)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, ex.Message, ex);
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Guard(IEnumerable<ReadOnlyMemory<byte>> frames, string? sop)
    {
        using var e = frames.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }
            }
            catch (DicomImagingException ex)
            {
                throw new CipherObjectException(sop, CipherObjectFailure.Malformed, $"the pixel data cannot be decoded: {ex.Message}", ex);
            }

            yield return e.Current;
        }
    }
}

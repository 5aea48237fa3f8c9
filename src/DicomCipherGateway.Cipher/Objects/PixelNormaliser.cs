using System.Buffers;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// Maps the stored samples of native frames to the networks' [0, 1] grey frames and back
/// (docs/ciphertext-object.md, "Normalisation"): linear between the object's smallest and largest
/// stored value, inverted for MONOCHROME1. Colour frames become one grey frame: the BT.601 luma of
/// RGB, or the Y of YBR_FULL (a 1-channel key sees luminance; the sealed envelope keeps the colour).
/// </summary>
public static class PixelNormaliser
{
    /// <summary>The normalisation of an object: its smallest and largest stored sample over every frame.</summary>
    public static PixelNormalisation Measure(PixelDataDescription description, IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        CheckSupported(description);
        var samples = ArrayPool<int>.Shared.Rent(description.SamplesPerFrame);
        try
        {
            long low = long.MaxValue, high = long.MinValue;
            foreach (var frame in frames)
            {
                var span = samples.AsSpan(0, description.SamplesPerFrame);
                FrameSamples.Read(description, frame.Span, span);
                foreach (var v in span)
                {
                    low = Math.Min(low, v);
                    high = Math.Max(high, v);
                }
            }

            if (low > high)
            {
                throw new ArgumentException("The object has no frames.", nameof(frames));
            }

            return new PixelNormalisation(low, high, description.PhotometricInterpretation == PhotometricInterpretation.Monochrome1);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(samples, clearArray: true);
        }
    }

    /// <summary>One native frame as a normalised grey image (colour: its luminance).</summary>
    public static FloatImage ToImage(PixelDataDescription description, ReadOnlySpan<byte> frame, PixelNormalisation normalisation)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(normalisation);
        CheckSupported(description);
        var pixels = description.PixelsPerFrame;
        var image = FloatImage.Create(description.Columns, description.Rows);
        var output = image.Pixels;
        var samples = ArrayPool<int>.Shared.Rent(description.SamplesPerFrame);
        try
        {
            var span = samples.AsSpan(0, description.SamplesPerFrame);
            FrameSamples.Read(description, frame, span);
            if (description.SamplesPerPixel == 1)
            {
                for (var i = 0; i < pixels; i++)
                {
                    output[i] = normalisation.Normalise(span[i]);
                }
            }
            else
            {
                var planar = description.PlanarConfiguration == PlanarConfiguration.Planar;
                var ybr = description.PhotometricInterpretation == PhotometricInterpretation.YbrFull;
                for (var i = 0; i < pixels; i++)
                {
                    int a, b, c;
                    if (planar)
                    {
                        (a, b, c) = (span[i], span[pixels + i], span[(2 * pixels) + i]);
                    }
                    else
                    {
                        (a, b, c) = (span[3 * i], span[(3 * i) + 1], span[(3 * i) + 2]);
                    }

                    output[i] = ybr
                        ? normalisation.Normalise(a)
                        : (0.299f * normalisation.Normalise(a)) + (0.587f * normalisation.Normalise(b)) + (0.114f * normalisation.Normalise(c));
                }
            }

            return image;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(samples, clearArray: true);
        }
    }

    /// <summary>A normalised grey image back to a native frame of <paramref name="description"/> (one sample per pixel).</summary>
    public static byte[] ToFrame(PixelDataDescription description, FloatImage image, PixelNormalisation normalisation)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalisation);
        CheckSupported(description);
        if (description.SamplesPerPixel != 1 || image.Channels != 1 || image.Width != description.Columns || image.Height != description.Rows)
        {
            throw new ArgumentException($"A {image.Width}×{image.Height}×{image.Channels} image does not fit a {description.Columns}×{description.Rows}×{description.SamplesPerPixel} frame.", nameof(image));
        }

        var samples = new int[description.SamplesPerFrame];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (int)Math.Clamp(normalisation.Denormalise(image.Pixels[i]), description.MinStoredValue, description.MaxStoredValue);
        }

        return FrameSamples.ToFrame<int>(description, samples);
    }

    /// <summary>Every frame of a file with native or RLE pixel data, normalised: e.g. to train a key on DICOM images.</summary>
    public static IReadOnlyList<FloatImage> Normalise(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sop = file.Dataset.GetString(Dicom.Dictionary.DicomTags.SOPInstanceUID);
        var description = PixelModule.Describe(file.Dataset, sop);
        var normalisation = Measure(description, PixelFrames.Read(file.Dataset, file.TransferSyntax, description, sop));
        return PixelFrames.Read(file.Dataset, file.TransferSyntax, description, sop).Select(f => ToImage(description, f.Span, normalisation)).ToList();
    }

    private static void CheckSupported(PixelDataDescription description)
    {
        if (description.PhotometricInterpretation == PhotometricInterpretation.PaletteColor)
        {
            throw new ArgumentException("PALETTE COLOR images are not supported (their values are indices, not intensities).");
        }

        if (!FrameSamples.CanHold<int>(description))
        {
            throw new ArgumentException($"Stored values of {description.BitsStored} bits ({(description.IsSigned ? "signed" : "unsigned")}) are not supported.");
        }
    }
}

using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Training images for key generation from a folder tree: DICOM objects of any modality and bit
/// depth (every frame, normalised per object as the pixel transform normalises it) and pictures
/// (PNG/JPEG/BMP). A file that is neither is skipped; a DICOM file that cannot be used is an error
/// naming the file, because a silently smaller training set makes a weaker key.
/// </summary>
public static class TrainingImages
{
    private static readonly string[] PictureExtensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Loads every usable frame below <paramref name="directory"/>, converted to <paramref name="channels"/> channels.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">A DICOM file or picture cannot be used, or the folder holds no image.</exception>
    public static IReadOnlyList<FloatImage> Load(string directory, int channels, IProgress<int>? filesRead = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Training folder '{directory}' does not exist.");
        }

        var images = new List<FloatImage>();
        var pictures = false;
        var files = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (PictureExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            {
                pictures = true;
                continue;
            }

            if (!DicomFile.LooksLikeDicom(path))
            {
                continue;
            }

            try
            {
                images.AddRange(PixelNormaliser.Normalise(DicomFile.Open(path)).Select(f => WithChannels(f, channels)));
            }
            catch (Exception ex) when (ex is DicomException or CipherObjectException or ArgumentException)
            {
                throw new InvalidDataException($"Training image '{path}' cannot be used: {ex.Message}", ex);
            }

            filesRead?.Report(++files);
        }

        if (pictures)
        {
            images.AddRange(ImageFolder.Load(directory, channels));
        }

        if (images.Count == 0)
        {
            throw new InvalidDataException($"Training folder '{directory}' holds no DICOM image, PNG, JPEG or BMP.");
        }

        return images;
    }

    private static FloatImage WithChannels(FloatImage image, int channels)
    {
        if (image.Channels == channels)
        {
            return image;
        }

        var plane = image.Width * image.Height;
        var pixels = new float[plane * channels];
        if (channels == 1)
        {
            // Rec. 601 luma, as ImageFolder does for pictures.
            for (var i = 0; i < plane; i++)
            {
                pixels[i] = (0.299f * image.Pixels[i]) + (0.587f * image.Pixels[plane + i]) + (0.114f * image.Pixels[(2 * plane) + i]);
            }
        }
        else
        {
            for (var c = 0; c < channels; c++)
            {
                image.Pixels.AsSpan(0, plane).CopyTo(pixels.AsSpan(c * plane, plane));
            }
        }

        return new FloatImage(image.Width, image.Height, channels, pixels);
    }
}

using SkiaSharp;

namespace DicomCipherGateway.Cipher.Pixels;

/// <summary>
/// Loads PNG/JPEG/BMP images of a folder as normalised frames (grey: luma; colour: planar RGB),
/// for hidden factors and, until the DICOM loader is wired in, training images.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Every decodable image of <paramref name="directory"/> (sorted by name) with <paramref name="channels"/> channels.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">A file with an image extension does not decode, or the folder holds no image.</exception>
    public static IReadOnlyList<FloatImage> Load(string directory, int channels = 1)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Image folder '{directory}' does not exist.");
        }

        var images = new List<FloatImage>();
        foreach (var path in Directory.EnumerateFiles(directory).Where(p => Extensions.Contains(Path.GetExtension(p).ToLowerInvariant())).Order(StringComparer.Ordinal))
        {
            using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"'{path}' is not a decodable image.");
            images.Add(FromBitmap(bitmap, channels));
        }

        if (images.Count == 0)
        {
            throw new InvalidDataException($"Image folder '{directory}' holds no PNG, JPEG or BMP image.");
        }

        return images;
    }

    private static FloatImage FromBitmap(SKBitmap bitmap, int channels)
    {
        var width = bitmap.Width;
        var height = bitmap.Height;
        var image = FloatImage.Create(width, height, channels);
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var i = (y * width) + x;
                if (channels == 1)
                {
                    image.Pixels[i] = ((0.299f * c.Red) + (0.587f * c.Green) + (0.114f * c.Blue)) / 255f;
                }
                else
                {
                    image.Pixels[i] = c.Red / 255f;
                    image.Pixels[plane + i] = c.Green / 255f;
                    image.Pixels[(2 * plane) + i] = c.Blue / 255f;
                }
            }
        }

        return image;
    }
}

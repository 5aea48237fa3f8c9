using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>An 8-bit grey image (row-major): the form every statistic of the image-cipher literature is computed on.</summary>
public sealed record GrayImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>Number of pixels.</summary>
    public int Count => Width * Height;

    /// <summary>Channel 0 of a [0, 1] image, rounded to 8 bits.</summary>
    public static GrayImage From(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var channel = image.Channel(0);
        var pixels = new byte[channel.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(MathF.Round(channel[i] * 255f), 0, 255);
        }

        return new GrayImage(image.Width, image.Height, pixels);
    }

    /// <summary>The pixels as floats in [0, 1].</summary>
    public float[] ToUnit()
    {
        var result = new float[Pixels.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Pixels[i] / 255f;
        }

        return result;
    }

    /// <summary>As a one-channel [0, 1] image for the networks.</summary>
    public FloatImage ToFloatImage() => new(Width, Height, 1, ToUnit());
}

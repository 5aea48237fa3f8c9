namespace DicomCipherGateway.Cipher.Pixels;

/// <summary>
/// One normalised image frame: planar (channel, row, column) floats in [0, 1]. This is the
/// pixel-level currency of the engine: the DICOM pixel transform normalises each frame to it
/// (per object: stored values mapped by bit depth and signedness), and the cipher returns it.
/// </summary>
public sealed class FloatImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a Width×Height image of 1 or 3 channels.</summary>
    public FloatImage(int width, int height, int channels, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images have 1 or 3 channels.");
        }

        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"{pixels.LongLength} values do not make a {width}×{height}×{channels} image.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>1 (grey) or 3 (RGB, planar).</summary>
    public int Channels { get; }

    /// <summary>Planar values in [0, 1].</summary>
    public float[] Pixels { get; }

    /// <summary>A blank image of the given shape.</summary>
    public static FloatImage Create(int width, int height, int channels = 1) =>
        new(width, height, channels, new float[(long)width * height * channels]);

    /// <summary>
    /// One channel of <paramref name="values"/> scaled from their minimum (0) to their maximum (1);
    /// constant values give a black image.
    /// </summary>
    public static FloatImage Stretched(int width, int height, ReadOnlySpan<float> values)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = max - min;
        var pixels = new float[values.Length];
        for (var i = 0; i < pixels.Length && range > 0; i++)
        {
            pixels[i] = (values[i] - min) / range;
        }

        return new FloatImage(width, height, 1, pixels);
    }

    /// <summary>The values of one channel.</summary>
    public ReadOnlySpan<float> Channel(int channel) => Pixels.AsSpan(channel * Width * Height, Width * Height);
}

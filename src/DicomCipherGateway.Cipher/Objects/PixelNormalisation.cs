namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// How an object's stored sample values were mapped to [0, 1] for the networks: linearly from
/// the object's own smallest and largest stored value (over all frames and samples), inverted
/// for MONOCHROME1 so that brighter always means more attenuation, as in training. The values
/// reveal the image's range, so they travel inside the sealed envelope, not in clear.
/// </summary>
/// <param name="Low">Smallest stored value of the object.</param>
/// <param name="High">Largest stored value of the object.</param>
/// <param name="Inverted">True for MONOCHROME1: 0 maps to <paramref name="High"/>.</param>
public sealed record PixelNormalisation(long Low, long High, bool Inverted)
{
    /// <summary>Name of the method, written in clear in the private block.</summary>
    public string Method => Inverted ? "MINMAX_INVERTED" : "MINMAX";

    /// <summary>High − Low, at least 1 (a constant image maps to 0).</summary>
    public double Span => Math.Max(1, High - Low);

    /// <summary>The normalised value of a stored value.</summary>
    public float Normalise(long stored) => (float)(Inverted ? (High - stored) / Span : (stored - Low) / Span);

    /// <summary>The stored value nearest to a normalised value, clamped to [Low, High].</summary>
    public long Denormalise(float value)
    {
        var v = Math.Clamp((double)value, 0, 1) * Span;
        var stored = Inverted ? High - Math.Round(v) : Low + Math.Round(v);
        return Math.Clamp((long)stored, Low, High);
    }
}

namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>
/// A tiny seeded generator (SplitMix64) whose sequence is fixed by its definition, so a seed
/// gives the same image on every runtime and machine (System.Random promises no such thing).
/// Not for cryptography: synthetic test images only.
/// </summary>
internal sealed class SplitMix64
{
    private ulong _state;
    private double? _spareGaussian;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        double u;
        do
        {
            u = NextDouble();
        }
        while (u <= double.Epsilon);

        var radius = Math.Sqrt(-2.0 * Math.Log(u));
        var angle = 2.0 * Math.PI * NextDouble();
        _spareGaussian = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}

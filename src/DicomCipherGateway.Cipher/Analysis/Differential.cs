namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>NPCR and UACI of two 8-bit cipher images, as fractions (0..1).</summary>
public static class Differential
{
    /// <summary>Number of pixels change rate: the fraction of positions that differ.</summary>
    public static double Npcr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        RequireSameLength(a, b);
        long changed = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                changed++;
            }
        }

        return (double)changed / a.Length;
    }

    /// <summary>Unified average changing intensity: mean |a − b| / 255.</summary>
    public static double Uaci(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        RequireSameLength(a, b);
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / 255.0 / a.Length;
    }

    private static void RequireSameLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length || a.IsEmpty)
        {
            throw new ArgumentException($"The two images differ in size or are empty ({a.Length} vs {b.Length} pixels).");
        }
    }
}

namespace DicomCipherGateway.Cipher.Analysis.Baselines;

/// <summary>
/// The classic chaotic image cipher shape, as the paper's Fig. 12 compares against: a keyed
/// chaotic sequence sorts into a pixel permutation, and a second stretch of it gives a keystream
/// for diffusion c[i] = (p[π(i)] + k[i] + c[i − 1]) mod 256. Without diffusion it is the
/// permutation-only cipher that known-plaintext attacks break (Li et al. 2008). Baselines for
/// speed and for the attack controls, not ciphers to use.
/// </summary>
public abstract class ChaoticImageCipher
{
    protected ChaoticImageCipher(bool diffusion) => Diffusion = diffusion;

    /// <summary>Name in the report.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the diffusion stage runs (false: permutation only).</summary>
    public bool Diffusion { get; }

    /// <summary>Encrypts an 8-bit image (the key's sequences are drawn afresh for each size: as fast as the published schemes, which do the same).</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plain)
    {
        var n = plain.Length;
        var (sortKeys, keystream) = Sequences(n);
        var permutation = Enumerable.Range(0, n).ToArray();
        Array.Sort(sortKeys, permutation);
        var cipher = new byte[n];
        var previous = 0;
        for (var i = 0; i < n; i++)
        {
            var p = plain[permutation[i]];
            previous = Diffusion ? (p + keystream[i] + previous) & 0xFF : p;
            cipher[i] = (byte)previous;
        }

        return cipher;
    }

    /// <summary>n values to sort into the permutation, and n keystream bytes.</summary>
    protected abstract (double[] SortKeys, byte[] Keystream) Sequences(int n);

    /// <summary>A keystream byte from a chaotic state in (0, 1): its low-order digits, as the literature does.</summary>
    protected static byte ToByte(double state) => (byte)((long)(state * 1e14) & 0xFF);
}

/// <summary>Logistic map x ← r·x·(1 − x) (r = 3.99…, x₀ the key), 1,000 transient iterations dropped.</summary>
public sealed class LogisticMapCipher(double x0, double r, bool diffusion = true) : ChaoticImageCipher(diffusion)
{
    public override string Name => Diffusion ? "logistic-map permutation–diffusion" : "logistic-map permutation only";

    protected override (double[] SortKeys, byte[] Keystream) Sequences(int n)
    {
        var x = x0;
        for (var i = 0; i < 1000; i++)
        {
            x = r * x * (1 - x);
        }

        var sortKeys = new double[n];
        for (var i = 0; i < n; i++)
        {
            x = r * x * (1 - x);
            sortKeys[i] = x;
        }

        var keystream = new byte[n];
        if (Diffusion)
        {
            for (var i = 0; i < n; i++)
            {
                x = r * x * (1 - x);
                keystream[i] = ToByte(x);
            }
        }

        return (sortKeys, keystream);
    }
}

/// <summary>
/// The 2D logistic-sine-coupling map (2D-LSCM, Hua et al. 2019):
/// x ← sin(π(4θx(1 − x) + (1 − θ) sin(πy))), y ← sin(π(4θy(1 − y) + (1 − θ) sin(πx))).
/// x sorts into the permutation, y gives the keystream.
/// </summary>
public sealed class Lscm2DCipher(double x0, double y0, double theta) : ChaoticImageCipher(diffusion: true)
{
    public override string Name => "2D-LSCM permutation–diffusion";

    protected override (double[] SortKeys, byte[] Keystream) Sequences(int n)
    {
        double x = x0, y = y0;
        var sortKeys = new double[n];
        var keystream = new byte[n];
        for (var i = -1000; i < n; i++)
        {
            x = Math.Sin(Math.PI * ((4 * theta * x * (1 - x)) + ((1 - theta) * Math.Sin(Math.PI * y))));
            y = Math.Sin(Math.PI * ((4 * theta * y * (1 - y)) + ((1 - theta) * Math.Sin(Math.PI * x))));
            if (i >= 0)
            {
                sortKeys[i] = x;
                keystream[i] = ToByte(Math.Abs(y));
            }
        }

        return (sortKeys, keystream);
    }
}

using System.Numerics;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// The discrete Fourier transform of any length (SP 800-22's spectral test runs on 10⁶ bits, not a
/// power of two): radix-2 for powers of two, Bluestein's chirp-z convolution otherwise.
/// </summary>
public static class Fourier
{
    /// <summary>X[k] = Σ x[j] e^(−2πi jk/n).</summary>
    public static Complex[] Transform(ReadOnlySpan<Complex> input)
    {
        var n = input.Length;
        if (n == 0)
        {
            return [];
        }

        var data = input.ToArray();
        if ((n & (n - 1)) == 0)
        {
            Radix2(data, inverse: false);
            return data;
        }

        // Bluestein: jk = (j² + k² − (k − j)²) / 2 turns the DFT into a convolution with a chirp.
        var m = 1;
        while (m < (2 * n) - 1)
        {
            m <<= 1;
        }

        var chirp = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            // k² mod 2n keeps the angle exact for large k.
            var k2 = (long)k * k % (2L * n);
            chirp[k] = Complex.FromPolarCoordinates(1, -Math.PI * k2 / n);
        }

        var a = new Complex[m];
        var b = new Complex[m];
        for (var k = 0; k < n; k++)
        {
            a[k] = data[k] * chirp[k];
        }

        b[0] = Complex.Conjugate(chirp[0]);
        for (var k = 1; k < n; k++)
        {
            b[k] = b[m - k] = Complex.Conjugate(chirp[k]);
        }

        Radix2(a, inverse: false);
        Radix2(b, inverse: false);
        for (var i = 0; i < m; i++)
        {
            a[i] *= b[i];
        }

        Radix2(a, inverse: true);
        var result = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            result[k] = a[k] / m * chirp[k];
        }

        return result;
    }

    private static void Radix2(Complex[] data, bool inverse)
    {
        var n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            var half = len / 2;
            var twiddles = new Complex[half];
            for (var k = 0; k < half; k++)
            {
                twiddles[k] = Complex.FromPolarCoordinates(1, angle * k);
            }

            for (var start = 0; start < n; start += len)
            {
                for (var k = 0; k < half; k++)
                {
                    var u = data[start + k];
                    var v = data[start + k + half] * twiddles[k];
                    data[start + k] = u + v;
                    data[start + k + half] = u - v;
                }
            }
        }
    }
}

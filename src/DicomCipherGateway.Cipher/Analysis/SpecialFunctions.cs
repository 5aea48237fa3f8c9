namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// The special functions the statistical tests need, written out so that every P-value and
/// critical value comes from one tested place: log-gamma (Lanczos, g = 7), the regularised upper
/// incomplete gamma function (series below a + 1, Lentz continued fraction above, as in Numerical
/// Recipes), erfc as Q(½, x²), the standard normal CDF and its inverse.
/// </summary>
public static class SpecialFunctions
{
    private const double Epsilon = 1e-15;
    private const int MaxIterations = 100_000;

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) (NIST's igamc).</summary>
    public static double Igamc(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperFraction(a, x);
    }

    /// <summary>The regularised lower incomplete gamma function P(a, x) = 1 − Q(a, x).</summary>
    public static double Igam(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 0;
        }

        return x < a + 1 ? LowerSeries(a, x) : 1 - UpperFraction(a, x);
    }

    /// <summary>The complementary error function; erfc(x) = Q(½, x²) for x ≥ 0.</summary>
    public static double Erfc(double x) => x >= 0 ? Igamc(0.5, x * x) : 2 - Igamc(0.5, x * x);

    /// <summary>The standard normal cumulative distribution function Φ(z).</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The z with Φ(z) = p (bisection to machine precision: slow but exact enough for critical values).</summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability strictly between 0 and 1");
        }

        double lo = -40, hi = 40;
        for (var i = 0; i < 200 && hi - lo > 1e-15; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (NormalCdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The upper critical value of χ² with <paramref name="degrees"/> degrees of freedom: P(X &gt; c) = α.</summary>
    public static double ChiSquareCritical(int degrees, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degrees);
        double lo = 0, hi = degrees + (50 * Math.Sqrt(2.0 * degrees)) + 100;
        for (var i = 0; i < 300 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Igamc(degrees / 2.0, mid / 2) > alpha)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>P(X &gt; x) for χ² with <paramref name="degrees"/> degrees of freedom.</summary>
    public static double ChiSquareSurvival(int degrees, double x) => Igamc(degrees / 2.0, x / 2);

    private static double LowerSeries(double a, double x)
    {
        var term = 1.0 / a;
        var sum = term;
        for (var n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return Math.Exp((a * Math.Log(x)) - x - LogGamma(a)) * sum;
    }

    private static double UpperFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp((a * Math.Log(x)) - x - LogGamma(a)) * h;
    }
}

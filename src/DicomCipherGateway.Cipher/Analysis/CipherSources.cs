using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>Which image the PACS holds for a key: G(x) or the keyed noise view.</summary>
public enum AnalysedView
{
    G,
    Noise,
}

/// <summary>
/// Something that turns a plaintext image into an 8-bit cipher image, so every statistic runs with
/// the same code on our view, on AES-256-GCM output and on OS-random images.
/// </summary>
public interface ICipherSource
{
    /// <summary>Name in the report.</summary>
    string Name { get; }

    /// <summary>Cipher images of <paramref name="plaintexts"/>; <paramref name="objectIds"/> name the objects (the noise view is keyed per object).</summary>
    IReadOnlyList<GrayImage> Encrypt(IReadOnlyList<FloatImage> plaintexts, IReadOnlyList<string> objectIds);
}

/// <summary>The view our gateway leaves in the PACS, in 8-bit form: G(x) quantised to the stored 16 bits, or the noise view.</summary>
public sealed class ViewSource(CipherKey key, AnalysedView view) : ICipherSource
{
    public string Name => view == AnalysedView.G ? "our view G(x)" : "our noise view";

    public IReadOnlyList<GrayImage> Encrypt(IReadOnlyList<FloatImage> plaintexts, IReadOnlyList<string> objectIds)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        ArgumentNullException.ThrowIfNull(objectIds);
        if (view == AnalysedView.Noise)
        {
            return plaintexts.Select((p, i) =>
            {
                var bytes = new byte[p.Width * p.Height];
                ViewNoise.Fill(key.SealKey, objectIds[i], bytes);
                return new GrayImage(p.Width, p.Height, bytes);
            }).ToArray();
        }

        return key.Encrypt(plaintexts).Select(v => GrayImage.From(Stored(v))).ToArray();
    }

    /// <summary>G(x) for <paramref name="plaintexts"/> as the PACS stores it (16 bits), in [0, 1].</summary>
    public IReadOnlyList<FloatImage> StoredViews(IReadOnlyList<FloatImage> plaintexts) =>
        key.Encrypt(plaintexts).Select(Stored).ToArray();

    /// <summary>Rounds a [0, 1] image to 16 bits, as the view is stored.</summary>
    public static FloatImage Stored(FloatImage view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var pixels = new float[view.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = MathF.Round(Math.Clamp(view.Pixels[i], 0f, 1f) * 65535f) / 65535f;
        }

        return new FloatImage(view.Width, view.Height, view.Channels, pixels);
    }
}

/// <summary>AES-256-GCM (one random key, a fresh random nonce per image, as the sealed profile does) of the plaintext's 8-bit pixels.</summary>
public sealed class AesGcmSource : ICipherSource, IDisposable
{
    private readonly AesGcm aes = new(RandomNumberGenerator.GetBytes(32), 16);

    public string Name => "AES-256-GCM";

    public IReadOnlyList<GrayImage> Encrypt(IReadOnlyList<FloatImage> plaintexts, IReadOnlyList<string> objectIds)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        return plaintexts.Select(p => new GrayImage(p.Width, p.Height, Encrypt(GrayImage.From(p).Pixels))).ToArray();
    }

    /// <summary>The ciphertext bytes (the tag kept apart) of one buffer under a fresh nonce.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var cipher = new byte[plaintext.Length];
        Span<byte> tag = stackalloc byte[16];
        aes.Encrypt(RandomNumberGenerator.GetBytes(12), plaintext, cipher, tag);
        return cipher;
    }

    public void Dispose() => aes.Dispose();
}

/// <summary>Images straight from the OS CSPRNG: what an ideal cipher's output looks like to every statistic.</summary>
public sealed class RandomSource : ICipherSource
{
    public string Name => "OS random";

    public IReadOnlyList<GrayImage> Encrypt(IReadOnlyList<FloatImage> plaintexts, IReadOnlyList<string> objectIds)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        return plaintexts.Select(p => new GrayImage(p.Width, p.Height, RandomNumberGenerator.GetBytes(p.Width * p.Height))).ToArray();
    }
}

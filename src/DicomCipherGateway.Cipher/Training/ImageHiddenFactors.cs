using DicomCipherGateway.Cipher.Pixels;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Hidden factors from a set of images (e.g. a folder of PNGs): random crops of them.</summary>
public sealed class ImageHiddenFactors : HiddenFactorSource
{
    private readonly IReadOnlyList<FloatImage> images;
    private readonly string description;

    /// <summary>Uses <paramref name="images"/> as the target domain; <paramref name="description"/> names their source.</summary>
    public ImageHiddenFactors(IReadOnlyList<FloatImage> images, string description)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("The hidden-factor set is empty.", nameof(images));
        }

        this.images = images;
        this.description = description;
    }

    /// <inheritdoc />
    public override string Description => $"images:{description} ({images.Count})";

    internal override Tensor Sample(int batch, int channels, int size, Generator generator, Device device) =>
        CropSampler.Sample(images, batch, channels, size, generator, device);
}

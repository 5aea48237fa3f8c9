using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// Runs a network over an image in tiles with a halo, in bounded memory, giving exactly the
/// whole-image result: tile origins sit on the stride grid, each tile is widened by the halo
/// (at least the receptive radius) but never past the image, so at the true border the tile
/// sees the same zero padding as the whole pass and inner borders are cropped away.
/// </summary>
internal static class TiledInference
{
    /// <summary>Applies <paramref name="network"/> to an N×C×H×W tensor tile by tile.</summary>
    public static Tensor Run(Func<Tensor, Tensor> network, Tensor image, int tileSize, int halo)
    {
        var stride = DlednetArchitecture.StrideProduct;
        if (tileSize <= 0 || tileSize % stride != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, $"Tile size must be a positive multiple of {stride}.");
        }

        if (halo < 0 || halo % stride != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(halo), halo, $"Halo must be a non-negative multiple of {stride}.");
        }

        var height = image.shape[2];
        var width = image.shape[3];
        if (height <= tileSize && width <= tileSize)
        {
            return network(image);
        }

        var paddedHeight = RoundUp(height, stride);
        var paddedWidth = RoundUp(width, stride);
        using var padded = paddedHeight == height && paddedWidth == width
            ? image.alias()
            : nn.functional.pad(image, [0, paddedWidth - width, 0, paddedHeight - height]);
        using var output = torch.empty([image.shape[0], image.shape[1], paddedHeight, paddedWidth], image.dtype, image.device);
        for (long top = 0; top < paddedHeight; top += tileSize)
        {
            for (long left = 0; left < paddedWidth; left += tileSize)
            {
                using var scope = NewDisposeScope();
                var bottom = Math.Min(paddedHeight, top + tileSize);
                var right = Math.Min(paddedWidth, left + tileSize);
                var windowTop = Math.Max(0, top - halo);
                var windowLeft = Math.Max(0, left - halo);
                var windowBottom = Math.Min(paddedHeight, bottom + halo);
                var windowRight = Math.Min(paddedWidth, right + halo);
                var window = padded.narrow(2, windowTop, windowBottom - windowTop).narrow(3, windowLeft, windowRight - windowLeft);
                var result = network(window);
                var inner = result.narrow(2, top - windowTop, bottom - top).narrow(3, left - windowLeft, right - left);
                output.narrow(2, top, bottom - top).narrow(3, left, right - left).copy_(inner);
            }
        }

        return output.narrow(2, 0, height).narrow(3, 0, width).contiguous();
    }

    private static long RoundUp(long value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

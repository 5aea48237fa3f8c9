using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>
/// A synthetic posteroanterior chest radiograph: 12-bit MONOCHROME2 pixels (0..4095, row-major)
/// and the two lung masks (0/1 per pixel), displayed as radiographs are: the patient's left on
/// the image right. The masks exclude the heart, as common lung segmentation sets do.
/// </summary>
public sealed class SyntheticChestRadiograph
{
    internal SyntheticChestRadiograph(int seed, int width, int height, ushort[] pixels, byte[] leftLungMask, byte[] rightLungMask, ChestAnatomy anatomy)
    {
        Seed = seed;
        Width = width;
        Height = height;
        Pixels = pixels;
        LeftLungMask = leftLungMask;
        RightLungMask = rightLungMask;
        Anatomy = anatomy;
    }

    /// <summary>Bits Stored of <see cref="Pixels"/>.</summary>
    public const int BitsStored = 12;

    public int Seed { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixel values, 0..4095; higher is more attenuation (brighter).</summary>
    public ushort[] Pixels { get; }

    /// <summary>The patient's left lung (on the image right): 1 inside, 0 outside.</summary>
    public byte[] LeftLungMask { get; }

    /// <summary>The patient's right lung (on the image left): 1 inside, 0 outside.</summary>
    public byte[] RightLungMask { get; }

    /// <summary>How to store the pixels as DICOM: one frame, 16 bits allocated, 12 stored, unsigned MONOCHROME2.</summary>
    public PixelDataDescription PixelDescription => PixelDataDescription.Create(Height, Width, 16, BitsStored);

    internal ChestAnatomy Anatomy { get; }

    /// <summary>The pixels as one native little-endian frame for Pixel Data (7FE0,0010).</summary>
    public byte[] ToFrame() => FrameSamples.ToFrame<ushort>(PixelDescription, Pixels);
}

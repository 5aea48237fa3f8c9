using System.Buffers.Binary;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>Between the networks' [0, 1] views and the stored 8- or 16-bit unsigned view samples (round to nearest).</summary>
internal static class ViewQuantiser
{
    public static void Write(FloatImage image, PixelDataDescription view, Span<byte> frame)
    {
        var pixels = image.Pixels;
        if (view.BitsAllocated == 8)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                frame[i] = (byte)Math.Round(Math.Clamp(pixels[i], 0f, 1f) * 255f);
            }

            return;
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(frame[(2 * i)..], (ushort)Math.Round(Math.Clamp(pixels[i], 0f, 1f) * 65535f));
        }
    }

    public static FloatImage Read(PixelDataDescription view, ReadOnlySpan<byte> frame)
    {
        var image = FloatImage.Create(view.Columns, view.Rows);
        var pixels = image.Pixels;
        if (view.BitsAllocated == 8)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = frame[i] / 255f;
            }
        }
        else
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = BinaryPrimitives.ReadUInt16LittleEndian(frame[(2 * i)..]) / 65535f;
            }
        }

        return image;
    }
}

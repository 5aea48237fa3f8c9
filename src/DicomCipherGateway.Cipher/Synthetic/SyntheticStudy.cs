using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>
/// Turns synthetic chest radiographs into Computed Radiography Image Storage objects that pass
/// dciodvfy: one patient and study per image, identifiers that are obviously synthetic.
/// </summary>
public static class SyntheticStudy
{
    /// <summary>Computed Radiography Image Storage: the IOD with the fewest device-specific requirements.</summary>
    public static DicomUid SopClass { get; } = new("1.2.840.10008.5.1.4.1.1.1");

    /// <summary>Builds the DICOM object for <paramref name="image"/>; UIDs are fresh (2.25 root).</summary>
    public static DicomFile ToDicomFile(SyntheticChestRadiograph image, DateTime acquired)
    {
        ArgumentNullException.ThrowIfNull(image);
        var ds = new DicomDataset();
        var n = image.Seed.ToString("D6", CultureInfo.InvariantCulture);
        var date = acquired.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = acquired.ToString("HHmmss", CultureInfo.InvariantCulture);

        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        ds.SetString(DicomTags.SOPClassUID, SopClass.Value);
        ds.SetString(DicomTags.SOPInstanceUID, DicomUid.Generate().Value);
        ds.SetString(DicomTags.StudyDate, date);
        ds.SetString(DicomTags.ContentDate, date);
        ds.SetString(DicomTags.StudyTime, time);
        ds.SetString(DicomTags.ContentTime, time);
        ds.SetString(DicomTags.AccessionNumber, "SYN" + n);
        ds.SetString(DicomTags.Modality, "CR");
        ds.SetString(DicomTags.Manufacturer, "DicomCipherGateway synthetic");
        ds.SetString(DicomTags.ReferringPhysicianName, string.Empty);
        ds.SetString(DicomTags.PatientName, "SYNTHETIC^PATIENT^" + n);
        ds.SetString(DicomTags.PatientID, "SYN-" + n);
        ds.SetString(DicomTags.PatientBirthDate, string.Empty);
        ds.SetString(DicomTags.PatientSex, image.Seed % 2 == 0 ? "F" : "M");
        ds.SetString(DicomTags.BodyPartExamined, "CHEST");
        ds.SetString(DicomTags.ViewPosition, "PA");
        ds.SetString(DicomTags.StudyInstanceUID, DicomUid.Generate().Value);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomUid.Generate().Value);
        ds.SetString(DicomTags.StudyID, n);
        ds.SetString(DicomTags.SeriesNumber, "1");
        ds.SetString(DicomTags.InstanceNumber, "1");
        ds.SetString(DicomTags.PatientOrientation, "L\\F");
        ds.SetString(DicomTags.ImageType, "DERIVED\\PRIMARY");
        ds.SetString(DicomTags.BurnedInAnnotation, "NO");

        var pixels = image.PixelDescription;
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetValues<ushort>(DicomTags.Rows, (ushort)pixels.Rows);
        ds.SetValues<ushort>(DicomTags.Columns, (ushort)pixels.Columns);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, (ushort)pixels.BitsAllocated);
        ds.SetValues<ushort>(DicomTags.BitsStored, (ushort)pixels.BitsStored);
        ds.SetValues<ushort>(DicomTags.HighBit, (ushort)pixels.HighBit);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, 0);
        ds.SetString(DicomTags.WindowCenter, "2048");
        ds.SetString(DicomTags.WindowWidth, "4096");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, image.ToFrame());

        return new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Writes a mask as binary PGM (P5, 0 or 255), a format every image tool reads.</summary>
    public static void WriteMaskPgm(string path, byte[] mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"mask has {mask.Length} values, expected {width}x{height}", nameof(mask));
        }

        using var stream = File.Create(path);
        var header = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{width} {height}\n255\n"));
        stream.Write(header);
        var row = new byte[width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                row[x] = mask[(y * width) + x] != 0 ? (byte)255 : (byte)0;
            }

            stream.Write(row);
        }
    }

    /// <summary>Reads a mask written by <see cref="WriteMaskPgm"/> back as 0/1 values.</summary>
    public static byte[] ReadMaskPgm(string path, out int width, out int height)
    {
        var bytes = File.ReadAllBytes(path);
        var pos = 0;
        string Token()
        {
            while (pos < bytes.Length && char.IsWhiteSpace((char)bytes[pos]))
            {
                pos++;
            }

            var start = pos;
            while (pos < bytes.Length && !char.IsWhiteSpace((char)bytes[pos]))
            {
                pos++;
            }

            return System.Text.Encoding.ASCII.GetString(bytes, start, pos - start);
        }

        if (Token() != "P5")
        {
            throw new InvalidDataException($"{path}: not a binary PGM (P5) file");
        }

        width = int.Parse(Token(), CultureInfo.InvariantCulture);
        height = int.Parse(Token(), CultureInfo.InvariantCulture);
        var max = int.Parse(Token(), CultureInfo.InvariantCulture);
        pos++; // the single whitespace byte before the raster
        if (max != 255 || width <= 0 || height <= 0 || bytes.Length - pos < (long)width * height)
        {
            throw new InvalidDataException($"{path}: unsupported or truncated PGM ({width}x{height}, max {max})");
        }

        var mask = new byte[width * height];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = bytes[pos + i] != 0 ? (byte)1 : (byte)0;
        }

        return mask;
    }
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>Generates the benchmark inputs: 512×512 16-bit CT frames in Explicit VR Little Endian.</summary>
internal static class BenchmarkFiles
{
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "dcg-bench");

    /// <summary>Writes (once) a CT object with <paramref name="frames"/> frames of 512×512×16 bits and returns its path.</summary>
    public static string Ct(int frames)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"ct-512x512x{frames}.dcm");
        if (File.Exists(path))
        {
            return path;
        }

        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, frames == 1 ? DicomUids.CTImageStorage.Value : DicomUids.EnhancedCTImageStorage.Value);
        ds.SetString(DicomTags.SOPInstanceUID, $"2.25.1234567890{frames}");
        ds.SetString(DicomTags.Modality, "CT");
        ds.SetString(DicomTags.PatientName, "BENCH^MARK");
        ds.SetString(DicomTags.StudyInstanceUID, "2.25.11");
        ds.SetString(DicomTags.SeriesInstanceUID, "2.25.12");
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetString(DicomTags.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetValues<ushort>(DicomTags.Rows, 512);
        ds.SetValues<ushort>(DicomTags.Columns, 512);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, 16);
        ds.SetValues<ushort>(DicomTags.BitsStored, 12);
        ds.SetValues<ushort>(DicomTags.HighBit, 11);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, 0);
        var pixels = new ushort[512 * 512 * frames];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (ushort)((i * 31) & 0x0FFF);
        }

        ds.SetValues(DicomTags.PixelData, DicomVR.OW, pixels);
        new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
        return path;
    }
}

using System.Globalization;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// The demo's synthetic study: one patient, one study, two CT series (512×512, 16 bits allocated,
/// 12 stored) and one MR series (256×256), as a modality would send them. The pixels come from
/// the synthetic chest generator (one seed per slice), so every image has structure to render.
/// </summary>
internal static class DemoStudy
{
    private static readonly DicomUid CtImageStorage = new("1.2.840.10008.5.1.4.1.1.2");
    private static readonly DicomUid MrImageStorage = new("1.2.840.10008.5.1.4.1.1.4");

    /// <summary>Writes the study into <paramref name="directory"/>; returns the files in sending order.</summary>
    public static IReadOnlyList<string> Write(string directory, int slicesPerSeries)
    {
        Directory.CreateDirectory(directory);
        var generator = new ChestRadiographGenerator();
        var now = DateTime.UtcNow;
        var study = DicomUid.Generate().Value;
        var files = new List<string>();
        var series = new (string Modality, DicomUid SopClass, int Size, string Description)[]
        {
            ("CT", CtImageStorage, 512, "CHEST 1.0 MM"),
            ("CT", CtImageStorage, 512, "CHEST 5.0 MM"),
            ("MR", MrImageStorage, 256, "T1 AX"),
        };
        for (var s = 0; s < series.Length; s++)
        {
            var seriesUid = DicomUid.Generate().Value;
            for (var i = 0; i < slicesPerSeries; i++)
            {
                var image = generator.Generate(100 * (s + 1) + i, series[s].Size, series[s].Size);
                var ds = Build(image, series[s].Modality, series[s].SopClass, series[s].Description, study, seriesUid, s + 1, i + 1, now);
                var path = Path.Combine(directory, $"{series[s].Modality.ToLowerInvariant()}{s + 1}-{i + 1:D3}.dcm");
                new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
                files.Add(path);
            }
        }

        return files;
    }

    private static DicomDataset Build(SyntheticChestRadiograph image, string modality, DicomUid sopClass, string description, string study, string series, int seriesNumber, int instance, DateTime acquired)
    {
        var ds = new DicomDataset();
        var date = acquired.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = acquired.ToString("HHmmss", CultureInfo.InvariantCulture);
        var n = instance.ToString(CultureInfo.InvariantCulture);
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        ds.SetString(DicomTags.ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
        ds.SetString(DicomTags.SOPClassUID, sopClass.Value);
        ds.SetString(DicomTags.SOPInstanceUID, DicomUid.Generate().Value);
        ds.SetString(DicomTags.StudyDate, date);
        ds.SetString(DicomTags.SeriesDate, date);
        ds.SetString(DicomTags.ContentDate, date);
        ds.SetString(DicomTags.StudyTime, time);
        ds.SetString(DicomTags.SeriesTime, time);
        ds.SetString(DicomTags.ContentTime, time);
        ds.SetString(DicomTags.AccessionNumber, "DEMO0001");
        ds.SetString(DicomTags.Modality, modality);
        ds.SetString(DicomTags.Manufacturer, "DicomCipherGateway synthetic");
        ds.SetString(DicomTags.ReferringPhysicianName, string.Empty);
        ds.SetString(DicomTags.StudyDescription, "DEMO CHEST");
        ds.SetString(DicomTags.SeriesDescription, description);
        ds.SetString(DicomTags.PatientName, "SYNTHETIC^DEMO");
        ds.SetString(DicomTags.PatientID, "DEMO-0001");
        ds.SetString(DicomTags.PatientBirthDate, string.Empty);
        ds.SetString(DicomTags.PatientSex, "O");
        ds.SetString(DicomTags.BodyPartExamined, "CHEST");
        ds.SetString(DicomTags.StudyInstanceUID, study);
        ds.SetString(DicomTags.SeriesInstanceUID, series);
        ds.SetString(DicomTags.StudyID, "1");
        ds.SetString(DicomTags.SeriesNumber, seriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetString(DicomTags.InstanceNumber, n);
        ds.SetString(DicomTags.FrameOfReferenceUID, study + ".1");
        ds.SetString(DicomTags.PositionReferenceIndicator, string.Empty);
        ds.SetString(DicomTags.ImagePositionPatient, $"-250\\-250\\{instance * 5}");
        ds.SetString(DicomTags.ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
        ds.SetString(DicomTags.SliceThickness, "5");
        ds.SetString(DicomTags.PixelSpacing, image.Width == 512 ? "0.9765625\\0.9765625" : "1.953125\\1.953125");

        var pixels = image.PixelDescription;
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetValues<ushort>(DicomTags.Rows, (ushort)pixels.Rows);
        ds.SetValues<ushort>(DicomTags.Columns, (ushort)pixels.Columns);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, (ushort)pixels.BitsAllocated);
        ds.SetValues<ushort>(DicomTags.BitsStored, (ushort)pixels.BitsStored);
        ds.SetValues<ushort>(DicomTags.HighBit, (ushort)pixels.HighBit);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, 0);
        if (modality == "CT")
        {
            ds.SetString(DicomTags.KVP, "120");
            ds.SetString(DicomTags.AcquisitionNumber, "1");
            ds.SetString(DicomTags.RescaleIntercept, "-1024");
            ds.SetString(DicomTags.RescaleSlope, "1");
            ds.SetString(DicomTags.WindowCenter, "1024");
            ds.SetString(DicomTags.WindowWidth, "4096");
        }
        else
        {
            ds.SetString(DicomTags.ScanningSequence, "SE");
            ds.SetString(DicomTags.SequenceVariant, "NONE");
            ds.SetString(DicomTags.ScanOptions, string.Empty);
            ds.SetString(DicomTags.MRAcquisitionType, "2D");
            ds.SetString(DicomTags.RepetitionTime, "500");
            ds.SetString(DicomTags.EchoTime, "15");
            ds.SetString(DicomTags.EchoTrainLength, "1");
            ds.SetString(DicomTags.WindowCenter, "2048");
            ds.SetString(DicomTags.WindowWidth, "4096");
        }

        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, image.ToFrame());
        return ds;
    }
}

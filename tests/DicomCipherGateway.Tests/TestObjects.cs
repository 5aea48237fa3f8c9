using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Tests;

/// <summary>Generated radiographs (never downloaded): <c>count</c> files of one patient's new study and series, each its own SOP Instance.</summary>
internal static class TestObjects
{
    public static IReadOnlyList<string> Create(string directory, int count, int size = 64, string? prefix = null)
    {
        Directory.CreateDirectory(directory);
        var generator = new ChestRadiographGenerator();
        var study = DicomUid.Generate().Value;
        var series = DicomUid.Generate().Value;

        // One patient: the generator gives each seed its own, and a PACS keeps a study UID under
        // several patients as several studies (Orthanc does), which multiplies what a query finds.
        var bases = Enumerable.Range(1, Math.Min(count, 4)).Select(seed => SyntheticStudy.ToDicomFile(generator.Generate(seed, size, size), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc))).ToList();
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var file = bases[i % bases.Count];
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomUid.Generate().Value);
            file.Dataset.SetString(DicomTags.StudyInstanceUID, study);
            file.Dataset.SetString(DicomTags.SeriesInstanceUID, series);
            file.Dataset.SetString(DicomTags.PatientID, bases[0].Dataset.GetString(DicomTags.PatientID)!);
            file.Dataset.SetString(DicomTags.PatientName, bases[0].Dataset.GetString(DicomTags.PatientName)!);
            file.Dataset.SetString(DicomTags.InstanceNumber, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var copy = new DicomFile(file.Dataset, file.TransferSyntax);
            var path = Path.Combine(directory, $"{prefix ?? "img"}{i:D4}.dcm");
            copy.Save(path);
            paths.Add(path);
        }

        return paths;
    }
}

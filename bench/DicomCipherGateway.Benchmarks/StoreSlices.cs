using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>The C-STORE benchmarks' input: single 512×512×16-bit CT slices, each with its own SOP Instance UID, written once.</summary>
internal static class StoreSlices
{
    public static List<string> Create(int count)
    {
        var dir = Path.Combine(BenchmarkFiles.Directory, "store");
        Directory.CreateDirectory(dir);
        var template = DicomFile.Open(BenchmarkFiles.Ct(1));
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(dir, $"slice-{i:D3}.dcm");
            if (!File.Exists(path))
            {
                var ds = template.Dataset.Clone();
                ds.SetString(DicomTags.SOPInstanceUID, $"2.25.99{i}");
                new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
            }

            files.Add(path);
        }

        return files;
    }
}

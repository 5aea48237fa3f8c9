using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>The C-STORE benchmarks' input (single 512×512×16-bit CT slices, each with its own SOP Instance UID, written once) and our SCU's side of them.</summary>
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

    /// <summary>Stores <paramref name="files"/> over <paramref name="associations"/> parallel associations, each taking the next unsent file.</summary>
    public static async Task SendAsync(DicomClient client, IReadOnlyList<string> files, int associations)
    {
        var next = -1;
        await Parallel.ForEachAsync(Enumerable.Range(0, associations), new ParallelOptions { MaxDegreeOfParallelism = associations }, async (_, ct) =>
        {
            await using var association = await client.AssociateAsync(
                new AssociationRequest
                {
                    CalledAeTitle = "BENCH",
                    CallingAeTitle = "DCG-BENCH",
                    PresentationContexts = [new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ExplicitVRLittleEndian])],
                },
                ct);
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                (await association.StoreAsync(files[i], ct)).EnsureSuccess();
            }

            await association.ReleaseAsync(ct);
        });
    }
}

using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Tests;

/// <summary>Looks for the originals' pixel bytes in every file under a directory (the spool).</summary>
internal static class PlaintextScan
{
    /// <summary>Windows of 48 bytes from the pixel data of each original.</summary>
    public static IReadOnlyList<byte[]> Needles(IEnumerable<string> originals) =>
        [.. originals.Select(path =>
        {
            var pixels = DicomFile.Open(path).Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            return pixels.AsSpan(pixels.Length / 2, 48).ToArray();
        })];

    /// <summary>Files (with the needle index) that contain plaintext pixel bytes; also returns how many files were scanned.</summary>
    public static (List<string> Hits, int Scanned) Scan(string directory, IReadOnlyList<byte[]> needles)
    {
        var hits = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue;
            }

            scanned++;
            for (var i = 0; i < needles.Count; i++)
            {
                if (content.AsSpan().IndexOf(needles[i]) >= 0)
                {
                    hits.Add($"{file} holds original #{i}'s pixels");
                }
            }
        }

        return (hits, scanned);
    }
}

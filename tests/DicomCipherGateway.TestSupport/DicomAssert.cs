using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using Xunit;

namespace DicomCipherGateway.TestSupport;

/// <summary>Assertions over DICOM objects that went through a peer.</summary>
public static class DicomAssert
{
    /// <summary>
    /// The same instances (by SOP Instance UID), element for element. Both sides are written in
    /// Explicit VR Little Endian with undefined sequence lengths, since peers may re-encode lengths.
    /// </summary>
    public static void SameObjects(IEnumerable<string> expectedPaths, IEnumerable<string> actualPaths)
    {
        static Dictionary<string, byte[]> Load(IEnumerable<string> paths) => paths.Select(p => DicomFile.Open(p)).ToDictionary(
            f => f.Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' '),
            f => DicomDatasetWriter.ToArray(f.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { SequenceLengths = SequenceLengthMode.Undefined }));
        var expected = Load(expectedPaths);
        var actual = Load(actualPaths);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (uid, bytes) in expected)
        {
            Assert.Equal(bytes, actual[uid]);
        }
    }

    /// <summary><see cref="SameObjects(IEnumerable{string}, IEnumerable{string})"/> over the <c>*.dcm</c> files of two folders.</summary>
    public static void SameObjects(string expectedFolder, string actualFolder) =>
        SameObjects(Directory.GetFiles(expectedFolder, "*.dcm"), Directory.GetFiles(actualFolder, "*.dcm"));
}

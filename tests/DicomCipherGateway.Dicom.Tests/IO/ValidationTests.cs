using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Dicom.Tests.Part10;
using DicomCipherGateway.Dicom.Validation;

namespace DicomCipherGateway.Dicom.Tests.IO;

public class ValidationTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    [Fact]
    public void A_DCMTK_file_has_no_issues()
    {
        Assert.Empty(DatasetValidator.Validate(DicomFile.Open(files.BySyntax["explicit"]).Dataset));
    }

    [Fact]
    public void Bad_values_are_reported_by_tag_path_without_their_content_and_strict_refuses_to_write()
    {
        var item = new DicomDataset();
        item.SetString(DicomTags.ReferencedSOPInstanceUID, "1.02.3");
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(DicomTags.ReferencedImageSequence, item));
        ds.SetString(DicomTags.Modality, "ct");
        ds.SetString(DicomTags.StudyDate, "2024-01-01");
        ds.SetString(DicomTags.PatientID, new string('9', 65));
        ds.SetString(new DicomTag(0x00111001), DicomVR.LO, "x");
        ds.SetString(DicomTags.Rows, DicomVR.LO, "12");

        var issues = DatasetValidator.Validate(ds);
        Assert.Contains(issues, i => i.Path == "(0008,1140)[0](0008,1155)" && i.Problem.Contains("UID", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "(0008,0060)");
        Assert.Contains(issues, i => i.Path == "(0008,0020)");
        Assert.Contains(issues, i => i.Path == "(0010,0020)" && i.Problem.Contains("64", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "(0011,1001)" && i.Problem.Contains("Private Creator", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "(0028,0010)" && i.Problem.Contains("VR LO", StringComparison.Ordinal));
        Assert.DoesNotContain(issues, i => i.ToString().Contains("2024-01-01", StringComparison.Ordinal));

        var ex = Assert.Throws<DicomValidationException>(() => DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { Validation = ValidationMode.Strict }));
        Assert.Equal(issues.Count, ex.Issues.Count);
        Assert.NotEmpty(DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { Validation = ValidationMode.Report }));
    }
}

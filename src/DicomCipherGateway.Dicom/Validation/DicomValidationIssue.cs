namespace DicomCipherGateway.Dicom.Validation;

/// <summary>One problem: where (tag path such as <c>(0008,1140)[0](0008,1155)</c>) and what (no values).</summary>
public sealed record DicomValidationIssue(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

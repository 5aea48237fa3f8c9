namespace DicomCipherGateway.Dicom.Validation;

/// <summary>Raised only by an explicit strict validation (never while reading).</summary>
public sealed class DicomValidationException(IReadOnlyList<DicomValidationIssue> issues)
    : DicomException($"the dataset has {issues.Count} problem(s): {string.Join("; ", issues.Take(5))}{(issues.Count > 5 ? "; ..." : string.Empty)}")
{
    public IReadOnlyList<DicomValidationIssue> Issues { get; } = issues;
}

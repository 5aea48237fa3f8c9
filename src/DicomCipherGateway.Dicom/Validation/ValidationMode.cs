namespace DicomCipherGateway.Dicom.Validation;

/// <summary>What to do with problems found by <see cref="DatasetValidator"/>.</summary>
public enum ValidationMode
{
    /// <summary>Do not validate.</summary>
    Off,

    /// <summary>Collect issues and log them; write anyway.</summary>
    Report,

    /// <summary>Throw <see cref="DicomValidationException"/> when there is an issue.</summary>
    Strict,
}

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>What the reader does with a large value (see <see cref="DicomReadOptions.LargeValuePolicy"/>).</summary>
public enum LargeValueAction
{
    /// <summary>Read it into memory.</summary>
    Buffer,

    /// <summary>Leave it in the file and read it on demand (only when reading a file by path; otherwise buffered).</summary>
    Defer,

    /// <summary>Do not keep it: the element is left out of the dataset and its bytes are skipped (fragments are kept).</summary>
    Skip,
}

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>What the tokenizer found.</summary>
public enum DicomTokenType
{
    None,

    /// <summary>An element header; its <see cref="DicomToken.Length"/> value bytes follow and must be consumed.</summary>
    Element,

    SequenceStart,
    ItemStart,
    ItemEnd,
    SequenceEnd,

    /// <summary>Encapsulated pixel data begins (undefined-length OB/OW).</summary>
    FragmentsStart,

    /// <summary>One fragment item (the first is the Basic Offset Table); its value bytes follow.</summary>
    Fragment,

    FragmentsEnd,
}

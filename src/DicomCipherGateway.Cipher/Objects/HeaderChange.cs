using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>How a clear header attribute differs from the header sealed at encryption.</summary>
public enum HeaderChangeKind
{
    /// <summary>Present now, absent at encryption.</summary>
    Added,

    /// <summary>Present at encryption, absent now.</summary>
    Removed,

    /// <summary>Present in both, with another value.</summary>
    Changed,
}

/// <summary>What a header attribute means to the decryptor (docs/ciphertext-object.md, "The header").</summary>
public enum HeaderAttributeClass
{
    /// <summary>Patient, study and series identity: a PACS changes them legitimately (reconciliation); reported, refused only by policy.</summary>
    Identity,

    /// <summary>Changes what the image shows or how it is measured (Presentation LUT, orientation, laterality, spacing …): always refused.</summary>
    Presentation,

    /// <summary>Anything else: reported.</summary>
    Other,
}

/// <summary>One clear header attribute that differs from the sealed header. Names the attribute, never its values (they may be patient data).</summary>
/// <param name="Tag">The attribute's tag.</param>
/// <param name="Name">Its dictionary name, or "private" / "unknown".</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Class">Identity, presentation or other.</param>
public sealed record HeaderChange(DicomTag Tag, string Name, HeaderChangeKind Kind, HeaderAttributeClass Class)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Tag} {Kind.ToString().ToLowerInvariant()}";
}

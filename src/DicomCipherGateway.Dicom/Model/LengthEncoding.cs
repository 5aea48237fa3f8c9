namespace DicomCipherGateway.Dicom.Model;

/// <summary>How a sequence or item length was (or is to be) encoded.</summary>
public enum LengthEncoding
{
    /// <summary>Undefined length (FFFFFFFF) closed by a delimitation item.</summary>
    Undefined,

    /// <summary>An explicit byte count.</summary>
    Defined,
}

namespace DicomCipherGateway.Dicom.IO.Writing;

/// <summary>Length encoding of sequences and items on write.</summary>
public enum SequenceLengthMode
{
    /// <summary>Keep each sequence's and item's encoding as read (byte-for-byte round trips).</summary>
    AsRead,

    /// <summary>Explicit lengths everywhere (computed).</summary>
    Defined,

    /// <summary>Undefined lengths with delimiters everywhere.</summary>
    Undefined,
}

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Whether new encapsulated Pixel Data gets a filled Basic Offset Table (PS3.5 §A.4).</summary>
internal enum OffsetTable
{
    /// <summary>An empty first item: frames are found one fragment per frame.</summary>
    None,

    /// <summary>One 32-bit offset per frame (left empty when the fragments pass 4 GiB).</summary>
    Basic,
}

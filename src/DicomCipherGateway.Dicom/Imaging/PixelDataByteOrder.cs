namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// How native Pixel Data bytes are ordered in the encoded value (PS3.5 §7.3 and Annex A.3).
/// </summary>
/// <remarks>
/// Every little-endian transfer syntax stores pixel cells little-endian. In Explicit VR Big
/// Endian (retired) an OB value is a plain byte stream, while an OW value is a sequence of
/// 16-bit words each written most significant byte first: the words are swapped, whatever
/// Bits Allocated is (this is also how DCMTK writes 8-, 1- and 32-bit cells as OW).
/// </remarks>
public enum PixelDataByteOrder
{
    /// <summary>Implicit or Explicit VR Little Endian (and deflate): cells as little-endian integers.</summary>
    LittleEndian = 0,

    /// <summary>Explicit VR Big Endian with VR OB: bytes as they are (Bits Allocated 1 or 8 only).</summary>
    BigEndianOB = 1,

    /// <summary>Explicit VR Big Endian with VR OW: every 16-bit word byte-swapped.</summary>
    BigEndianOW = 2,
}

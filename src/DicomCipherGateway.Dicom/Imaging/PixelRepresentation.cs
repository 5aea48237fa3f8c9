namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Pixel Representation (0028,0103): how a stored sample value is interpreted.</summary>
public enum PixelRepresentation
{
    /// <summary>0: unsigned integer.</summary>
    Unsigned = 0,

    /// <summary>1: two's complement, the sign bit being the High Bit.</summary>
    Signed = 1,
}

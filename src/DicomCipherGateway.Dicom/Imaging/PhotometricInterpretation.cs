namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>The Photometric Interpretation (0028,0004) values this library handles (PS3.3 C.7.6.3.1.2).</summary>
public enum PhotometricInterpretation
{
    /// <summary>MONOCHROME1: one sample, the minimum value is displayed white.</summary>
    Monochrome1,

    /// <summary>MONOCHROME2: one sample, the minimum value is displayed black.</summary>
    Monochrome2,

    /// <summary>PALETTE COLOR: one sample used as an index into the palette color lookup tables.</summary>
    PaletteColor,

    /// <summary>RGB: three samples, red, green and blue.</summary>
    Rgb,

    /// <summary>YBR_FULL: three samples, Y, Cb and Cr without subsampling.</summary>
    YbrFull,
}

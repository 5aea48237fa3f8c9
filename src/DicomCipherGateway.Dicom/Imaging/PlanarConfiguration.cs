namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Planar Configuration (0028,0006): the order of the samples of a multi-sample pixel.</summary>
public enum PlanarConfiguration
{
    /// <summary>0: color-by-pixel, R1 G1 B1 R2 G2 B2 ...</summary>
    Interleaved = 0,

    /// <summary>1: color-by-plane, R1 R2 ... G1 G2 ... B1 B2 ...</summary>
    Planar = 1,
}

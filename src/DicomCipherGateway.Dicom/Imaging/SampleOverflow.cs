namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>What writing a sample does with a value outside the range Bits Stored and Pixel Representation allow.</summary>
public enum SampleOverflow
{
    /// <summary>Refuse the frame with a <see cref="DicomImagingException"/> naming the sample: nothing is lost silently.</summary>
    Throw = 0,

    /// <summary>Keep the low Bits Stored bits of the value, as a modality's A/D converter would.</summary>
    Mask = 1,
}

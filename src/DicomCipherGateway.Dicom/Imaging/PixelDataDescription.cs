namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// The Image Pixel Module attributes that define how Pixel Data (7FE0,0010) is laid out
/// (PS3.3 C.7.6.3, PS3.5 §8.1.1 and §8.2). Immutable and validated on construction, so that
/// every other imaging type can trust it.
/// </summary>
public sealed record PixelDataDescription
{
    /// <summary>Creates a validated description; throws <see cref="DicomImagingException"/> naming the offending attribute.</summary>
    public PixelDataDescription(
        int rows,
        int columns,
        int numberOfFrames,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        PixelRepresentation pixelRepresentation,
        PlanarConfiguration planarConfiguration,
        PhotometricInterpretation photometricInterpretation)
    {
        Rows = rows;
        Columns = columns;
        NumberOfFrames = numberOfFrames;
        SamplesPerPixel = samplesPerPixel;
        BitsAllocated = bitsAllocated;
        BitsStored = bitsStored;
        HighBit = highBit;
        PixelRepresentation = pixelRepresentation;
        PlanarConfiguration = planarConfiguration;
        PhotometricInterpretation = photometricInterpretation;
        Validate();
    }

    /// <summary>Rows (0028,0010).</summary>
    public int Rows { get; }

    /// <summary>Columns (0028,0011).</summary>
    public int Columns { get; }

    /// <summary>Number of Frames (0028,0008); 1 when the element is absent.</summary>
    public int NumberOfFrames { get; }

    /// <summary>Samples per Pixel (0028,0002): 1 or 3.</summary>
    public int SamplesPerPixel { get; }

    /// <summary>Bits Allocated (0028,0100): 1, 8, 16 or 32.</summary>
    public int BitsAllocated { get; }

    /// <summary>Bits Stored (0028,0101).</summary>
    public int BitsStored { get; }

    /// <summary>High Bit (0028,0102); the stored value occupies bits HighBit-BitsStored+1 .. HighBit of its cell.</summary>
    public int HighBit { get; }

    /// <summary>Pixel Representation (0028,0103).</summary>
    public PixelRepresentation PixelRepresentation { get; }

    /// <summary>Planar Configuration (0028,0006); always <see cref="PlanarConfiguration.Interleaved"/> for one sample.</summary>
    public PlanarConfiguration PlanarConfiguration { get; }

    /// <summary>Photometric Interpretation (0028,0004).</summary>
    public PhotometricInterpretation PhotometricInterpretation { get; }

    /// <summary>True when Pixel Representation is 1 (two's complement).</summary>
    public bool IsSigned => PixelRepresentation == PixelRepresentation.Signed;

    /// <summary>Rows × Columns.</summary>
    public int PixelsPerFrame => Rows * Columns;

    /// <summary>Rows × Columns × Samples per Pixel: the length of a frame as typed samples.</summary>
    public int SamplesPerFrame => Rows * Columns * SamplesPerPixel;

    /// <summary>Bytes of one sample cell (0 when Bits Allocated is 1).</summary>
    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>The bits one frame occupies in native Pixel Data.</summary>
    public long FrameLengthInBits => (long)SamplesPerFrame * BitsAllocated;

    /// <summary>
    /// The bytes of one frame on its own: for Bits Allocated 1 the frame's bits rounded up to a
    /// whole byte. In native Pixel Data, 1-bit frames follow each other without padding, so a
    /// frame may start inside a byte (see <see cref="FrameBitOffset"/>).
    /// </summary>
    public int FrameLength => checked((int)((FrameLengthInBits + 7) / 8));

    /// <summary>The bytes of all frames in native Pixel Data, without the trailing pad byte.</summary>
    public long PixelDataLength => ((FrameLengthInBits * NumberOfFrames) + 7) / 8;

    /// <summary>The value length of native Pixel Data: <see cref="PixelDataLength"/> padded to an even number.</summary>
    public long PaddedPixelDataLength => (PixelDataLength + 1) & ~1L;

    /// <summary>Smallest stored value a sample can hold.</summary>
    public long MinStoredValue => IsSigned ? -(1L << (BitsStored - 1)) : 0;

    /// <summary>Largest stored value a sample can hold.</summary>
    public long MaxStoredValue => IsSigned ? (1L << (BitsStored - 1)) - 1 : (1L << BitsStored) - 1;

    /// <summary>The first bit of frame <paramref name="frameIndex"/> in native Pixel Data.</summary>
    public long FrameBitOffset(int frameIndex)
    {
        if ((uint)frameIndex >= (uint)NumberOfFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(frameIndex), frameIndex, $"the pixel data has {NumberOfFrames} frame(s)");
        }

        return FrameLengthInBits * frameIndex;
    }

    /// <summary>A copy with another number of frames (e.g. for one frame cut out of a multi-frame object).</summary>
    public PixelDataDescription WithNumberOfFrames(int numberOfFrames) => new(
        Rows, Columns, numberOfFrames, SamplesPerPixel, BitsAllocated, BitsStored, HighBit,
        PixelRepresentation, PlanarConfiguration, PhotometricInterpretation);

    /// <summary>A copy with another planar configuration (only meaningful for three samples).</summary>
    public PixelDataDescription WithPlanarConfiguration(PlanarConfiguration planarConfiguration) => new(
        Rows, Columns, NumberOfFrames, SamplesPerPixel, BitsAllocated, BitsStored, HighBit,
        PixelRepresentation, planarConfiguration, PhotometricInterpretation);

    /// <summary>
    /// The usual description of a monochrome or color image: High Bit = Bits Stored - 1,
    /// interleaved samples, one frame unless told otherwise.
    /// </summary>
    public static PixelDataDescription Create(
        int rows,
        int columns,
        int bitsAllocated,
        int bitsStored,
        PixelRepresentation pixelRepresentation = PixelRepresentation.Unsigned,
        PhotometricInterpretation photometricInterpretation = PhotometricInterpretation.Monochrome2,
        int numberOfFrames = 1,
        PlanarConfiguration planarConfiguration = PlanarConfiguration.Interleaved) => new(
        rows, columns, numberOfFrames, photometricInterpretation.SamplesPerPixel(), bitsAllocated, bitsStored, bitsStored - 1,
        pixelRepresentation, planarConfiguration, photometricInterpretation);

    private void Validate()
    {
        // Frame lengths are handled as int bytes, so a frame must stay below 2 GiB.
        if (Rows is < 1 or > ushort.MaxValue)
        {
            throw Invalid($"Rows (0028,0010) is {Rows}; it must be 1..65535.");
        }

        if (Columns is < 1 or > ushort.MaxValue)
        {
            throw Invalid($"Columns (0028,0011) is {Columns}; it must be 1..65535.");
        }

        if (NumberOfFrames < 1)
        {
            throw Invalid($"Number of Frames (0028,0008) is {NumberOfFrames}; it must be at least 1.");
        }

        if (SamplesPerPixel is not (1 or 3))
        {
            throw Invalid($"Samples per Pixel (0028,0002) is {SamplesPerPixel}; only 1 and 3 are supported.");
        }

        if (!Enum.IsDefined(PhotometricInterpretation))
        {
            throw Invalid($"Photometric Interpretation value {(int)PhotometricInterpretation} is not defined.");
        }

        if (PhotometricInterpretation.SamplesPerPixel() != SamplesPerPixel)
        {
            throw Invalid(
                $"Photometric Interpretation (0028,0004) {PhotometricInterpretation.ToCode()} requires Samples per Pixel {PhotometricInterpretation.SamplesPerPixel()}, not {SamplesPerPixel}.");
        }

        if (BitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw Invalid($"Bits Allocated (0028,0100) is {BitsAllocated}; only 1, 8, 16 and 32 are supported.");
        }

        if (BitsStored < 1 || BitsStored > BitsAllocated)
        {
            throw Invalid($"Bits Stored (0028,0101) is {BitsStored}; it must be 1..Bits Allocated ({BitsAllocated}).");
        }

        if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw Invalid(
                $"High Bit (0028,0102) is {HighBit}; with Bits Stored {BitsStored} and Bits Allocated {BitsAllocated} it must be {BitsStored - 1}..{BitsAllocated - 1}.");
        }

        if (PixelRepresentation is not (PixelRepresentation.Unsigned or PixelRepresentation.Signed))
        {
            throw Invalid($"Pixel Representation (0028,0103) is {(int)PixelRepresentation}; it must be 0 or 1.");
        }

        if (PlanarConfiguration is not (PlanarConfiguration.Interleaved or PlanarConfiguration.Planar))
        {
            throw Invalid($"Planar Configuration (0028,0006) is {(int)PlanarConfiguration}; it must be 0 or 1.");
        }

        if (SamplesPerPixel == 1 && PlanarConfiguration != PlanarConfiguration.Interleaved)
        {
            throw Invalid("Planar Configuration (0028,0006) 1 is only meaningful with Samples per Pixel 3.");
        }

        if (BitsAllocated == 1 && (IsSigned || PhotometricInterpretation is not (PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2)))
        {
            throw Invalid("Bits Allocated (0028,0100) 1 is only valid for unsigned MONOCHROME1 or MONOCHROME2 (bitmaps such as segmentations).");
        }

        if (PhotometricInterpretation == PhotometricInterpretation.PaletteColor && (IsSigned || BitsAllocated is not (8 or 16)))
        {
            throw Invalid("PALETTE COLOR pixel data must be unsigned with Bits Allocated 8 or 16 (PS3.3 C.7.6.3.1.5).");
        }

        // Checked last, once the factors are known to be in range; computed in long so that
        // 65535 × 65535 × 3 cannot wrap around before it is refused.
        var samples = (long)Rows * Columns * SamplesPerPixel;
        if (samples > Array.MaxLength || ((samples * BitsAllocated) + 7) / 8 > Array.MaxLength)
        {
            throw Invalid($"One frame of {Rows}×{Columns}×{SamplesPerPixel} samples of {BitsAllocated} bits is larger than this implementation supports (2 GiB).");
        }
    }

    private static DicomImagingException Invalid(string message) => new("Invalid pixel description: " + message);
}

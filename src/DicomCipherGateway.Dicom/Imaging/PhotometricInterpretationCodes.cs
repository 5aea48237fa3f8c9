namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Converts between <see cref="PhotometricInterpretation"/> and its DICOM code string.</summary>
public static class PhotometricInterpretationCodes
{
    /// <summary>The defined term as written in (0028,0004), e.g. "PALETTE COLOR".</summary>
    public static string ToCode(this PhotometricInterpretation value) => value switch
    {
        PhotometricInterpretation.Monochrome1 => "MONOCHROME1",
        PhotometricInterpretation.Monochrome2 => "MONOCHROME2",
        PhotometricInterpretation.PaletteColor => "PALETTE COLOR",
        PhotometricInterpretation.Rgb => "RGB",
        PhotometricInterpretation.YbrFull => "YBR_FULL",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a photometric interpretation"),
    };

    /// <summary>The number of samples per pixel the interpretation requires.</summary>
    public static int SamplesPerPixel(this PhotometricInterpretation value) =>
        value is PhotometricInterpretation.Rgb or PhotometricInterpretation.YbrFull ? 3 : 1;

    /// <summary>Parses a code string; trailing spaces (CS padding) are ignored.</summary>
    public static bool TryParse(string? code, out PhotometricInterpretation value)
    {
        switch (code?.Trim(' ', '\0'))
        {
            case "MONOCHROME1": value = PhotometricInterpretation.Monochrome1; return true;
            case "MONOCHROME2": value = PhotometricInterpretation.Monochrome2; return true;
            case "PALETTE COLOR": value = PhotometricInterpretation.PaletteColor; return true;
            case "RGB": value = PhotometricInterpretation.Rgb; return true;
            case "YBR_FULL": value = PhotometricInterpretation.YbrFull; return true;
            default: value = default; return false;
        }
    }

    /// <summary>Parses a code string or throws a <see cref="DicomImagingException"/> naming it.</summary>
    public static PhotometricInterpretation Parse(string? code) =>
        TryParse(code, out var value)
            ? value
            : throw new DicomImagingException(
                $"Photometric Interpretation (0028,0004) '{code}' is not supported; expected MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB or YBR_FULL.");
}

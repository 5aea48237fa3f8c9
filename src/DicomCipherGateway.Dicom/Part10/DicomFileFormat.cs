namespace DicomCipherGateway.Dicom.Part10;

/// <summary>How a file was framed when read.</summary>
public enum DicomFileFormat
{
    /// <summary>Preamble, "DICM" and File Meta Information (PS3.10).</summary>
    Part10,

    /// <summary>File Meta Information without preamble (some old writers).</summary>
    MetaWithoutPreamble,

    /// <summary>A bare dataset; the syntax was guessed from the first element.</summary>
    DatasetOnly,
}

namespace DicomCipherGateway.Dicom;

/// <summary>Base of every exception the DICOM library throws on purpose.</summary>
public abstract class DicomException : Exception
{
    protected DicomException(string message) : base(message) { }

    protected DicomException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>True when retrying the same operation may succeed (network hiccups), false for bad data.</summary>
    public virtual bool IsTransient => false;
}

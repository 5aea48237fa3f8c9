namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Answers C-ECHO. Without one, the server answers Success.</summary>
public interface ICEchoHandler
{
    ValueTask<DicomStatus> OnEchoAsync(DicomRequestContext context, CancellationToken cancellationToken);
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using DicomCipherGateway.Dicom.Network.Acse;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>What a handler knows about the request's origin.</summary>
public sealed record DicomRequestContext(
    AssociationContext Association,
    NegotiatedPresentationContext PresentationContext,
    EndPoint? RemoteEndPoint,
    X509Certificate2? ClientCertificate)
{
    public string CallingAeTitle => Association.CallingAeTitle;

    public string CalledAeTitle => Association.CalledAeTitle;
}

using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>Where an association request comes from, for policies that decide by network origin or TLS identity.</summary>
public sealed record AssociationRequestInfo(string AssociationId, EndPoint? RemoteEndPoint, X509Certificate2? ClientCertificate);

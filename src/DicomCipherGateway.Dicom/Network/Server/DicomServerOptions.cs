using System.Net;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Network.Server;

/// <summary>How a <see cref="DicomServer"/> listens and what it allows.</summary>
public sealed record DicomServerOptions
{
    /// <summary>Port 0 picks a free port; read <see cref="DicomServer.EndPoint"/> after start.</summary>
    public EndPoint EndPoint { get; init; } = new IPEndPoint(IPAddress.Any, 104);

    /// <summary>TCP by default; wrap in <see cref="TlsTransport"/> for DICOM TLS.</summary>
    public IDicomTransport Transport { get; init; } = new SocketTransport();

    /// <summary>Associations served at once; one more connection is answered with A-ASSOCIATE-RJ (local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>Largest P-DATA-TF we accept (advertised in A-ASSOCIATE-AC); bounds memory per association.</summary>
    public uint MaxPduLength { get; init; } = AssociationDefaults.MaxPduLength;

    /// <summary>Operations we perform at once per association when the requestor asks for more; 1 by default.</summary>
    public ushort MaxOperations { get; init; } = 1;

    public AssociationTimeouts Timeouts { get; init; } = AssociationTimeouts.Default;
}

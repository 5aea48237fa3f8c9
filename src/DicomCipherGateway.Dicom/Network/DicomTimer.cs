namespace DicomCipherGateway.Dicom.Network;

/// <summary>The timers of an association, named after PS3.8 where the standard names them.</summary>
public enum DicomTimer
{
    /// <summary>Transport connect (TCP and TLS handshake).</summary>
    Connect,

    /// <summary>Association Request/Reject/Release Timer (PS3.8 §9.1.5).</summary>
    Artim,

    /// <summary>Waiting for A-ASSOCIATE-AC/RJ after sending A-ASSOCIATE-RQ.</summary>
    AssociationRequest,

    /// <summary>Waiting for a DIMSE response or the next fragment of a message.</summary>
    Dimse,

    /// <summary>No PDU in either direction on an established association.</summary>
    Idle,
}

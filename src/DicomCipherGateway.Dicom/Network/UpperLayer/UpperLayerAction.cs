namespace DicomCipherGateway.Dicom.Network.UpperLayer;

/// <summary>Actions of the DICOM upper layer protocol (PS3.8 Tables 9-6 to 9-9).</summary>
public enum UpperLayerAction
{
    /// <summary>The event cannot happen in this state: a local misuse or a broken peer.</summary>
    None = 0,

    /// <summary>Issue TRANSPORT CONNECT request.</summary>
    AE1,

    /// <summary>Send A-ASSOCIATE-RQ PDU.</summary>
    AE2,

    /// <summary>Issue A-ASSOCIATE confirmation (accept).</summary>
    AE3,

    /// <summary>Issue A-ASSOCIATE confirmation (reject) and close transport.</summary>
    AE4,

    /// <summary>Issue transport connection response; start ARTIM.</summary>
    AE5,

    /// <summary>Stop ARTIM; issue A-ASSOCIATE indication (or send A-ASSOCIATE-RJ and start ARTIM).</summary>
    AE6,

    /// <summary>Send A-ASSOCIATE-AC PDU.</summary>
    AE7,

    /// <summary>Send A-ASSOCIATE-RJ PDU and start ARTIM.</summary>
    AE8,

    /// <summary>Send P-DATA-TF PDU.</summary>
    DT1,

    /// <summary>Issue P-DATA indication.</summary>
    DT2,

    /// <summary>Send A-RELEASE-RQ PDU.</summary>
    AR1,

    /// <summary>Issue A-RELEASE indication.</summary>
    AR2,

    /// <summary>Issue A-RELEASE confirmation and close transport.</summary>
    AR3,

    /// <summary>Send A-RELEASE-RP PDU and start ARTIM.</summary>
    AR4,

    /// <summary>Stop ARTIM.</summary>
    AR5,

    /// <summary>Issue P-DATA indication (while awaiting A-RELEASE-RP).</summary>
    AR6,

    /// <summary>Send P-DATA-TF PDU (while awaiting the local release response).</summary>
    AR7,

    /// <summary>Issue A-RELEASE indication (release collision).</summary>
    AR8,

    /// <summary>Send A-RELEASE-RP PDU (release collision, requestor).</summary>
    AR9,

    /// <summary>Issue A-RELEASE confirmation (release collision, acceptor).</summary>
    AR10,

    /// <summary>Send A-ABORT PDU (service-user source); start or restart ARTIM.</summary>
    AA1,

    /// <summary>Stop ARTIM if running; close transport.</summary>
    AA2,

    /// <summary>Issue A-ABORT or A-P-ABORT indication; close transport.</summary>
    AA3,

    /// <summary>Issue A-P-ABORT indication.</summary>
    AA4,

    /// <summary>Stop ARTIM.</summary>
    AA5,

    /// <summary>Ignore the PDU.</summary>
    AA6,

    /// <summary>Send A-ABORT PDU.</summary>
    AA7,

    /// <summary>Send A-ABORT PDU (service-provider source), issue A-P-ABORT indication, start ARTIM.</summary>
    AA8,
}

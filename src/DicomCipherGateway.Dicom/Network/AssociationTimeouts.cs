namespace DicomCipherGateway.Dicom.Network;

/// <summary>
/// Every wait an association makes, each bounded. <see cref="Timeout.InfiniteTimeSpan"/>
/// disables one (not recommended for <see cref="Artim"/>).
/// </summary>
public sealed record AssociationTimeouts
{
    /// <summary>TCP connect plus TLS handshake.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>ARTIM (PS3.8 §9.1.5): A-ASSOCIATE-RQ after connect, A-RELEASE-RP after A-RELEASE-RQ, the close after RJ/RP/abort.</summary>
    public TimeSpan Artim { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A-ASSOCIATE-AC/RJ after our A-ASSOCIATE-RQ.</summary>
    public TimeSpan AssociationRequest { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A DIMSE response, or the next fragment of a message being received.</summary>
    public TimeSpan Dimse { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>No PDU received on an established association.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromMinutes(5);

    public static AssociationTimeouts Default { get; } = new();
}

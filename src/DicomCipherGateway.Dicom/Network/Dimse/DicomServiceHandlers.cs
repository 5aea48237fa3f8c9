namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The services a server offers. A missing handler answers its requests with a failure status (or Success for C-ECHO).</summary>
public sealed record DicomServiceHandlers
{
    public ICEchoHandler? Echo { get; init; }

    public ICStoreHandler? Store { get; init; }

    public ICFindHandler? Find { get; init; }

    public ICMoveHandler? Move { get; init; }

    public ICGetHandler? Get { get; init; }

    /// <summary>Storage Commitment Push Model as SCP (N-ACTION, then N-EVENT-REPORT).</summary>
    public IStorageCommitmentHandler? StorageCommitment { get; init; }

    /// <summary>Storage Commitment reports (N-EVENT-REPORT) received as SCU, on this or a new association.</summary>
    public IStorageCommitmentReportHandler? StorageCommitmentReport { get; init; }

    /// <summary>
    /// Where to reach an AE title (host, port, TLS), for a storage commitment report that must go
    /// on a new association because the requestor's association has ended. Null: the report is dropped and logged.
    /// </summary>
    public Func<string, Client.DicomClientOptions?>? ResolveAeTitle { get; init; }

    /// <summary>Retries of a storage commitment report on a new association when the requestor cannot be reached.</summary>
    public CommitmentReportDelivery ReportDelivery { get; init; } = new();
}

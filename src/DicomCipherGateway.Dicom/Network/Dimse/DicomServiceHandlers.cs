namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The services a server offers. A missing handler answers its requests with a failure status (or Success for C-ECHO).</summary>
public sealed record DicomServiceHandlers
{
    public ICEchoHandler? Echo { get; init; }

    public ICStoreHandler? Store { get; init; }

    public ICFindHandler? Find { get; init; }

    public ICMoveHandler? Move { get; init; }

    public ICGetHandler? Get { get; init; }
}

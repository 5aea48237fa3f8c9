using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// The C-STOREs of one C-MOVE to its destination, on one association opened at the first
/// instance. An instance of a class (or compressed syntax) not yet proposed reopens the
/// association with it added, so the originals go in their own transfer syntax. A destination
/// that cannot be reached fails every instance at once instead of reconnecting for each. Each
/// C-STORE names the workstation's C-MOVE as its Move Originator (AE title and message ID).
/// </summary>
internal sealed class DestinationSender(PacsConnector connector, PeerOptions destination, string moveOriginatorAeTitle, ushort moveOriginatorMessageId) : IAsyncDisposable
{
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
    private readonly HashSet<(string SopClass, string? Syntax)> _proposed = [];
    private DicomClientAssociation? _association;
    private Exception? _unreachable;

    public async Task<DicomStatus> SendAsync(DicomFile file, CancellationToken cancellationToken)
    {
        if (_unreachable is not null)
        {
            throw new DicomNetworkException($"{destination.AeTitle} cannot be reached: {_unreachable.Message}", _unreachable);
        }

        var sopClass = file.Dataset.GetString(DicomTags.SOPClassUID)?.TrimEnd('\0', ' ') ?? string.Empty;
        var key = (sopClass, file.TransferSyntax.IsNative ? null : file.TransferSyntax.Uid);
        if (_association is null || _proposed.Add(key))
        {
            _proposed.Add(key);
            await CloseAsync().ConfigureAwait(false);
            var contexts = _proposed.Select(p => new PresentationContextProposal(new DicomUid(p.SopClass), p.Syntax is null ? Native : [DicomTransferSyntax.FromUid(p.Syntax), .. Native])).ToList();
            try
            {
                _association = await connector.Client(destination).AssociateAsync(connector.Request(destination, contexts), cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException e)
            {
                _unreachable = e;
                throw;
            }
        }

        try
        {
            return await _association.StoreAsync(file, moveOriginatorAeTitle, moveOriginatorMessageId, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomNetworkException)
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Cancelled with this C-STORE in flight: its answer will never be read, so the
            // association cannot be released in step. Aborted, the instance is not acknowledged.
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortAsync()
    {
        if (_association is { } association)
        {
            _association = null;
            await association.AbortAsync().ConfigureAwait(false);
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_association is { } association)
        {
            _association = null;
            try
            {
                await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (DicomNetworkException)
            {
                // Released or aborted by the peer already.
            }

            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ValueTask CloseAsync() => DisposeAsync();
}

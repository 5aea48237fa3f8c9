using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// Associations to the PACS, reused between objects and released after Forward:IdleTimeout.
/// An association proposes every SOP class forwarded so far (so one association serves a mixed
/// queue); an object of a new class opens a new association that proposes it too. Its size is
/// bounded by its users: one association per forwarding loop (Forward:Associations).
/// </summary>
internal sealed class PacsAssociationPool : IAsyncDisposable
{
    private const int MaxContexts = 120;
    private readonly DicomClient _client;
    private readonly GatewayOptions _options;
    private readonly ILogger<PacsAssociationPool> _logger;
    private readonly Lock _lock = new();
    private readonly List<(DicomClientAssociation Association, DateTime IdleSince)> _idle = [];
    private readonly List<string> _classes = [];

    public PacsAssociationPool(IOptions<GatewayOptions> options, PeerTable peers, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<PacsAssociationPool>();
        _client = PacsClientFactory.Create(peers.Pacs, _options.Tls, loggerFactory, _options.Forward.AttemptTimeout);
        CalledAeTitle = peers.Pacs.AeTitle;
    }

    public string CalledAeTitle { get; }

    /// <summary>An open association on which <paramref name="sopClassUid"/> was accepted.</summary>
    /// <exception cref="PacsRefusedException">A fresh association did not accept the SOP class.</exception>
    public async Task<DicomClientAssociation> RentAsync(string sopClassUid, CancellationToken cancellationToken)
    {
        var uid = new DicomUid(sopClassUid);
        List<DicomClientAssociation> stale = [];
        DicomClientAssociation? found = null;
        lock (_lock)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var (association, since) = _idle[i];
                if (!association.IsOpen || DateTime.UtcNow - since > _options.Forward.IdleTimeout)
                {
                    stale.Add(association);
                    _idle.RemoveAt(i);
                }
                else if (found is null && association.Context.FindAccepted(uid) is not null)
                {
                    found = association;
                    _idle.RemoveAt(i);
                }
            }

            if (!_classes.Contains(sopClassUid))
            {
                _classes.Insert(0, sopClassUid);
                if (_classes.Count > MaxContexts)
                {
                    _classes.RemoveAt(_classes.Count - 1);
                }
            }
        }

        foreach (var association in stale)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }

        if (found is not null)
        {
            return found;
        }

        List<string> classes;
        lock (_lock)
        {
            classes = [.. _classes];
        }

        var request = new AssociationRequest
        {
            CalledAeTitle = CalledAeTitle,
            CallingAeTitle = _options.AeTitle,
            PresentationContexts = [.. classes.Select(c => new PresentationContextProposal(new DicomUid(c), [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian]))],
        };
        var opened = await _client.AssociateAsync(request, cancellationToken).ConfigureAwait(false);
        if (opened.Context.FindAccepted(uid) is null)
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw new PacsRefusedException($"the PACS {CalledAeTitle} accepted no presentation context for SOP class {sopClassUid}");
        }

        ForwardingLog.AssociationOpened(_logger, CalledAeTitle, classes.Count);
        return opened;
    }

    /// <summary>Back to the pool when it is still usable; released otherwise.</summary>
    public async ValueTask ReturnAsync(DicomClientAssociation association, bool reusable)
    {
        if (reusable && association.IsOpen)
        {
            lock (_lock)
            {
                _idle.Add((association, DateTime.UtcNow));
                return;
            }
        }

        await association.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Releases associations idle longer than Forward:IdleTimeout.</summary>
    public async Task TrimAsync()
    {
        List<DicomClientAssociation> stale = [];
        lock (_lock)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (!_idle[i].Association.IsOpen || DateTime.UtcNow - _idle[i].IdleSince > _options.Forward.IdleTimeout)
                {
                    stale.Add(_idle[i].Association);
                    _idle.RemoveAt(i);
                }
            }
        }

        foreach (var association in stale)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<DicomClientAssociation> all;
        lock (_lock)
        {
            all = [.. _idle.Select(i => i.Association)];
            _idle.Clear();
        }

        foreach (var association in all)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }
}

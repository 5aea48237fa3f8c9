using System.Net;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Configuration;

/// <summary>The configured peers by AE title, and the role checks made against them.</summary>
internal sealed class PeerTable
{
    private readonly Dictionary<string, PeerOptions> _byAeTitle;

    public PeerTable(IOptions<GatewayOptions> options)
    {
        var peers = options.Value.Peers;
        _byAeTitle = peers.ToDictionary(p => p.AeTitle, StringComparer.Ordinal);
        Pacs = peers.Single(p => p.Roles.Contains(PeerRole.Pacs));
    }

    /// <summary>The one PACS the gateway forwards to.</summary>
    public PeerOptions Pacs { get; }

    public PeerOptions? Find(string aeTitle) => _byAeTitle.GetValueOrDefault(aeTitle.Trim());

    public static bool Has(PeerOptions peer, PeerRole role) => peer.Roles.Contains(role);

    /// <summary>True when <paramref name="remote"/> is one of the addresses of the peer's configured Host.</summary>
    public static async Task<bool> AddressMatchesAsync(PeerOptions peer, EndPoint? remote, CancellationToken cancellationToken)
    {
        if (remote is not IPEndPoint ip)
        {
            return false;
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        if (IPAddress.TryParse(peer.Host, out var configured))
        {
            return configured.Equals(address);
        }

        try
        {
            var resolved = await Dns.GetHostAddressesAsync(peer.Host, cancellationToken).ConfigureAwait(false);
            return resolved.Any(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(address));
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

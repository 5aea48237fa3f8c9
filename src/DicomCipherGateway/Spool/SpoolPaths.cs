using DicomCipherGateway.Configuration;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Spool;

/// <summary>The spool's layout: received/ (sealed objects), encrypted/ (ciphertext objects), queue.db.</summary>
internal sealed class SpoolPaths(IOptions<GatewayOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.Spool.Path);

    public string Received => Path.Combine(Root, "received");

    public string Encrypted => Path.Combine(Root, "encrypted");

    public string Database => Path.Combine(Root, "queue.db");

    public string NewSealedPath() => Path.Combine(Received, $"{Guid.NewGuid():N}.sealed");

    public string CiphertextPath(long id) => Path.Combine(Encrypted, $"{id}.dcm");

    public void Create()
    {
        Directory.CreateDirectory(Received);
        Directory.CreateDirectory(Encrypted);
    }
}

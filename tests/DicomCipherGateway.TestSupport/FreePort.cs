using System.Net;
using System.Net.Sockets;

namespace DicomCipherGateway.TestSupport;

/// <summary>Free loopback TCP ports, found by binding port 0 (no counters, no fixed numbers).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

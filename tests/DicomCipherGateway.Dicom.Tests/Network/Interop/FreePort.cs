using System.Net;
using System.Net.Sockets;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>A loopback port that was free a moment ago (bind port 0, read it, release it).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}

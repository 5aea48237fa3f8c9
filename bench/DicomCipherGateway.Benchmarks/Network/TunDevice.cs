using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>
/// A Linux TUN device (layer 3, no packet information header) created by opening /dev/net/tun:
/// each read returns one IP packet the kernel routed into it, each write injects one. The device
/// is not persistent: it disappears when this process ends, wherever it was moved to.
/// </summary>
internal sealed class TunDevice : IDisposable
{
    private const nuint TunSetInterface = 0x400454ca;
    private const short Tun = 0x0001;
    private const short NoPacketInformation = 0x1000;
    private int fd;

    public TunDevice(string name)
    {
        if (Encoding.ASCII.GetByteCount(name) > 15)
        {
            throw new ArgumentException($"interface name {name} is longer than 15 characters", nameof(name));
        }

        fd = Libc.Open(Encoding.ASCII.GetBytes("/dev/net/tun\0"), Libc.ReadWrite);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "open /dev/net/tun (needs root or CAP_NET_ADMIN)");
        }

        // struct ifreq: 16 bytes of name, then the flags (short) in the union.
        var request = new byte[40];
        Encoding.ASCII.GetBytes(name, request);
        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(Tun | NoPacketInformation));
        if (Libc.Ioctl(fd, TunSetInterface, request) < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            throw new Win32Exception(error, $"TUNSETIFF {name}");
        }

        Name = name;
    }

    public string Name { get; }

    /// <summary>Blocks for the next packet; returns its length. While the interface is down (being moved or configured) the read is retried.</summary>
    public int Read(byte[] buffer)
    {
        while (true)
        {
            var n = Libc.Read(fd, buffer, buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error is Libc.IoError or Libc.TryAgain or Libc.Interrupted)
            {
                Thread.Sleep(10);
                continue;
            }

            throw new Win32Exception(error, $"read {Name}");
        }
    }

    /// <summary>Injects one packet; a packet the kernel refuses (interface down) is dropped, as a wire would.</summary>
    public bool Write(byte[] buffer, int length) => Libc.Write(fd, buffer, length) == length;

    public void Dispose()
    {
        if (fd >= 0)
        {
            Libc.Close(fd);
            fd = -1;
        }
    }
}

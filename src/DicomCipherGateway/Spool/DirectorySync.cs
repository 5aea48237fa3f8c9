using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DicomCipherGateway.Spool;

/// <summary>
/// fsync of a directory, so that a file created or renamed in it survives a power loss (the
/// file's own fsync does not cover its directory entry). .NET has no API for it.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(path, ReadOnly | (OperatingSystem.IsLinux() ? Directory : 0));
        if (fd < 0)
        {
            throw new IOException($"Cannot open the directory '{path}' to sync it.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync of the directory '{path}' failed.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// Creates a secret file that must never replace an existing one (key files, KEK files): the bytes
/// go to a temp file (mode 600) in the same folder and are flushed to disk, the temp file is
/// hard-linked to the final name with link(2), which fails when the name exists, the temp name is
/// removed, and the folder is fsync'ed so the new name survives a crash. The temp file is removed
/// on every failure path.
/// </summary>
internal static class ExclusiveFile
{
    private const int EEXIST = 17;

    /// <summary>Writes <paramref name="bytes"/> to the new file <paramref name="path"/>.</summary>
    /// <exception cref="KeyFileException"><paramref name="path"/> exists (nothing is changed), or the write failed.</exception>
    public static void Create(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            LinkNew(temp, full);
            SyncDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(full, $"cannot be written ({ex.Message}).", ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void LinkNew(string temp, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(temp, path, overwrite: false);
            return;
        }

        if (Link(Utf8(temp), Utf8(path)) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            throw Exists(path);
        }

        throw new IOException($"link(2) to {path} failed with errno {errno}.");
    }

    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(Utf8(directory), 0);
        if (fd < 0)
        {
            throw new IOException($"the folder {directory} cannot be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of the folder {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static KeyFileException Exists(string path) => new(path, "exists; key and KEK files are never overwritten (choose another name, or move the old file away yourself).");

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temp name holds the same secret as the target, mode 600.
        }
    }

    private static byte[] Utf8(string path) => Encoding.UTF8.GetBytes(path + "\0");

    // DllImport rather than LibraryImport: byte[] arguments are blittable, and LibraryImport would
    // need unsafe code enabled for the whole assembly (as in NativeAllocatorTuning).
    [DllImport("libc", EntryPoint = "link", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(byte[] existing, byte[] created);

    [DllImport("libc", EntryPoint = "open", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}

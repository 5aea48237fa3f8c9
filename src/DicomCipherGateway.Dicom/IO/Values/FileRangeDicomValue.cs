using Microsoft.Win32.SafeHandles;

namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>
/// A value left in its file (deferred loading of large pixel data). The file is opened per access,
/// so no handle outlives the call; a file that changed size since reading is reported, not misread.
/// </summary>
internal sealed class FileRangeDicomValue : DicomValue
{
    private readonly string path;
    private readonly long offset;
    private readonly long length;
    private readonly long fileLength;

    public FileRangeDicomValue(string path, long offset, long length, long fileLength)
    {
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.fileLength = fileLength;
    }

    public override long Length => length;

    public override bool IsMaterialized => false;

    public override ReadOnlyMemory<byte> GetMemory()
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"a value of {length} bytes does not fit in memory at once; use OpenRead().");
        }

        var buffer = GC.AllocateUninitializedArray<byte>((int)length);
        CopyTo(0, buffer);
        return buffer;
    }

    public override void CopyTo(long start, Span<byte> destination)
    {
        using var handle = OpenHandle();
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], offset + start + done);
            if (n == 0)
            {
                throw new IOException($"{path} ended before the deferred value was read.");
            }

            done += n;
        }
    }

    public override Stream OpenRead()
    {
        var handle = OpenHandle();
        var file = new FileStream(handle, FileAccess.Read, 1 << 16);
        file.Position = offset;
        return new SubStream(file, length);
    }

    private SafeFileHandle OpenHandle()
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (RandomAccess.GetLength(handle) != fileLength)
        {
            handle.Dispose();
            throw new IOException($"{path} changed since it was read; its deferred values cannot be trusted.");
        }

        return handle;
    }
}

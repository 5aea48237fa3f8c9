namespace DicomCipherGateway.Spool;

/// <summary>Durable file writes for the spool: temporary name, fsync, rename, directory fsync.</summary>
internal static class SpoolFiles
{
    public static async Task WriteDurablyAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        try
        {
            var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}

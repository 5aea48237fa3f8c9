using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Spool;

/// <summary>
/// Receives a C-STORE data set and seals it as it arrives: a Part 10 image of the object
/// (meta information, then the data set in its transfer syntax) is encrypted chunk by chunk
/// (<see cref="SealedSpoolFormat"/>) into a file under a temporary name. Complete = last chunk,
/// fsync, rename; the directory fsync is the group commit's (<see cref="SqliteSpoolQueue"/>).
/// Disposal without completion deletes the partial file. Plaintext exists only in the one
/// chunk buffer in memory.
/// </summary>
internal sealed class SealingSpoolSink : IDatasetSink
{
    private readonly FileStream _file;
    private readonly string _partialPath;
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly AesGcm _aes;
    private readonly byte[] _chunk;
    private readonly long _maxLength;
    private readonly IncrementalHash _fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _filled;
    private long _index;
    private bool _completed;

    private SealingSpoolSink(FileStream file, string partialPath, string path, int chunkSize, long maxLength, KeyId keyId)
    {
        _file = file;
        _partialPath = partialPath;
        Path = path;
        _chunk = new byte[chunkSize];
        _maxLength = maxLength;
        KeyId = keyId;
        _aes = new AesGcm(_dataKey, SealedSpoolFormat.TagSize);
    }

    /// <summary>Where the sealed file is once complete.</summary>
    public string Path { get; }

    /// <summary>The key whose seal key wraps this object's data key.</summary>
    public KeyId KeyId { get; }

    /// <summary>Data set bytes received.</summary>
    public long Length { get; private set; }

    /// <summary>Bytes of the sealed file.</summary>
    public long SealedLength => _file.Length;

    /// <summary>SHA-256 of the received data set bytes (hex), once complete: tells a resent object from a changed one.</summary>
    public string? Fingerprint { get; private set; }

    public static async Task<SealingSpoolSink> CreateAsync(string path, CStoreRequest request, string callingAeTitle, CipherKey key, int chunkSize, long maxLength, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        SealingSpoolSink? sink = null;
        try
        {
            sink = new SealingSpoolSink(file, partial, path, chunkSize, maxLength, key.Id);
            var wrapped = key.Seal(sink._dataKey, SealedSpoolFormat.KeyAssociatedData(request.SopInstanceUid));
            var header = new byte[SealedSpoolFormat.Magic.Length + 1 + 4 + 4];
            SealedSpoolFormat.Magic.CopyTo(header);
            header[8] = SealedSpoolFormat.Version;
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(9), chunkSize);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(13), wrapped.Length);
            await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await file.WriteAsync(wrapped, cancellationToken).ConfigureAwait(false);

            // The Part 10 preamble and meta group go first, so the spool file opens as a DicomFile.
            var identity = new DicomDataset();
            identity.SetString(new DicomTag(0x00080016), DicomVR.UI, request.SopClassUid);
            identity.SetString(new DicomTag(0x00080018), DicomVR.UI, request.SopInstanceUid);
            var meta = FileMetaInformation.Create(identity, request.TransferSyntax, callingAeTitle);
            using var buffer = new MemoryStream();
            await new DicomFile(new DicomDataset(), meta).WriteAsync(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
            await sink.AppendAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            return sink;
        }
        catch
        {
            if (sink is not null)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await file.DisposeAsync().ConfigureAwait(false);
                File.Delete(partial);
            }

            throw;
        }
    }

    /// <summary>Called once when the data set outgrows the limit (for the audit trail); the store is then refused with 0xA700.</summary>
    public Action<long>? LimitExceeded { get; set; }

    public async ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken)
    {
        if (Length + fragment.Length > _maxLength)
        {
            LimitExceeded?.Invoke(_maxLength);
            throw new DatasetSinkFullException(_maxLength);
        }

        foreach (var segment in fragment)
        {
            _fingerprint.AppendData(segment.Span);
            await AppendAsync(segment, cancellationToken).ConfigureAwait(false);
        }

        Length += fragment.Length;
    }

    private async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            if (_filled == _chunk.Length)
            {
                await FlushChunkAsync(final: false, cancellationToken).ConfigureAwait(false);
            }

            var n = Math.Min(data.Length, _chunk.Length - _filled);
            data.Span[..n].CopyTo(_chunk.AsSpan(_filled));
            _filled += n;
            data = data[n..];
        }
    }

    private async ValueTask FlushChunkAsync(bool final, CancellationToken cancellationToken)
    {
        var output = new byte[4 + _filled + SealedSpoolFormat.TagSize];
        BinaryPrimitives.WriteInt32BigEndian(output, _filled);
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[9];
        SealedSpoolFormat.Nonce(_index, nonce);
        SealedSpoolFormat.ChunkAssociatedData(_index, final, aad);
        _aes.Encrypt(nonce, _chunk.AsSpan(0, _filled), output.AsSpan(4, _filled), output.AsSpan(4 + _filled), aad);
        CryptographicOperations.ZeroMemory(_chunk.AsSpan(0, _filled));
        _filled = 0;
        _index++;
        await _file.WriteAsync(output, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushChunkAsync(final: true, cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_partialPath, Path);
        Fingerprint = Convert.ToHexStringLower(_fingerprint.GetHashAndReset());
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        CryptographicOperations.ZeroMemory(_dataKey);
        CryptographicOperations.ZeroMemory(_chunk);
        _aes.Dispose();
        _fingerprint.Dispose();
        await _file.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            File.Delete(_partialPath);
        }
    }
}

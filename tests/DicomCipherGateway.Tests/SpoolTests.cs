using System.Buffers;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Spool;
using DicomCipherGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Tests;

/// <summary>The sealed spool file and the SQLite queue, in process.</summary>
public sealed class SpoolTests : IDisposable
{
    private static readonly TestKeyring Keys = TestKeyring.CreateTemporary("dcg-spool-keys-");
    private readonly TempDirectory _dir = new("dcg-spool");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_sealed_spool_file_opens_to_the_received_object_and_holds_none_of_its_bytes_in_the_clear()
    {
        var original = TestObjects.Create(_dir.Combine("in"), 1, size: 128)[0];
        var file = DicomFile.Open(original);
        var datasetBytes = File.ReadAllBytes(original)[(int)file.DatasetOffset..];
        using var keyring = Keys.Open();
        var request = new CStoreRequest(file.FileMetaInformation.MediaStorageSOPClassUid!, file.FileMetaInformation.MediaStorageSOPInstanceUid!, DicomTransferSyntax.ExplicitVRLittleEndian, 1);
        var path = _dir.File("object.sealed");

        await using (var sink = await SealingSpoolSink.CreateAsync(path, request, "CT1", keyring.Active, 4096, long.MaxValue, CancellationToken.None))
        {
            // Fragments of odd sizes, as PDVs arrive.
            for (var offset = 0; offset < datasetBytes.Length; offset += 1000)
            {
                await sink.WriteAsync(new ReadOnlySequence<byte>(datasetBytes, offset, Math.Min(1000, datasetBytes.Length - offset)), CancellationToken.None);
            }

            await sink.CompleteAsync(CancellationToken.None);
            Assert.Equal(datasetBytes.Length, sink.Length);
        }

        var sealedBytes = File.ReadAllBytes(path);
        Assert.DoesNotContain(PlaintextScan.Scan(_dir.Path, PlaintextScan.Needles([original])).Hits, h => h.Contains("object.sealed", StringComparison.Ordinal));
        var opened = await SealedSpoolReader.OpenAsync(path, request.SopInstanceUid, keyring.Get, CancellationToken.None);
        var reread = DicomFile.Read(new MemoryStream(opened));
        Assert.Equal(datasetBytes, opened[(int)reread.DatasetOffset..]);

        // Bound to its SOP Instance, and tamper-evident: a flipped byte or a dropped tail is refused.
        await Assert.ThrowsAsync<SealedEnvelopeException>(() => SealedSpoolReader.OpenAsync(path, "1.2.3", keyring.Get, CancellationToken.None));
        sealedBytes[^40] ^= 1;
        File.WriteAllBytes(path, sealedBytes);
        await Assert.ThrowsAsync<SealedEnvelopeException>(() => SealedSpoolReader.OpenAsync(path, request.SopInstanceUid, keyring.Get, CancellationToken.None));
        sealedBytes[^40] ^= 1;
        File.WriteAllBytes(path, sealedBytes[..^(4096 + 20)]);
        await Assert.ThrowsAsync<SealedEnvelopeException>(() => SealedSpoolReader.OpenAsync(path, request.SopInstanceUid, keyring.Get, CancellationToken.None));
    }

    [Fact]
    public async Task An_unfinished_sealed_file_is_deleted_on_disposal()
    {
        using var keyring = Keys.Open();
        var request = new CStoreRequest("1.2.840.10008.5.1.4.1.1.7", "1.2.3.4", DicomTransferSyntax.ExplicitVRLittleEndian, 1);
        var path = _dir.File("partial.sealed");
        await using (var sink = await SealingSpoolSink.CreateAsync(path, request, "CT1", keyring.Active, 4096, 10_000, CancellationToken.None))
        {
            await sink.WriteAsync(new ReadOnlySequence<byte>(new byte[6000]), CancellationToken.None);
            await Assert.ThrowsAsync<DatasetSinkFullException>(() => sink.WriteAsync(new ReadOnlySequence<byte>(new byte[6000]), CancellationToken.None).AsTask());
        }

        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Concurrent_admissions_share_transactions_and_the_queue_keeps_priority_study_order_and_duplicates()
    {
        var options = Options.Create(new GatewayOptions { Spool = new SpoolOptions { Path = _dir.Combine("spool") } });
        var paths = new SpoolPaths(options);
        await using var queue = new SqliteSpoolQueue(paths, NullLogger<SqliteSpoolQueue>.Instance);
        await queue.InitializeAsync(CancellationToken.None);
        SpoolEntry Entry(int i, DimsePriority priority = DimsePriority.Medium, string? fingerprint = null)
        {
            var sealedPath = paths.NewSealedPath();
            File.WriteAllBytes(sealedPath, [1]);
            return new SpoolEntry("1.2.840.10008.5.1.4.1.1.7", $"1.2.3.{i}", "1.2.840.10008.1.2.1", "CT1", priority, sealedPath, 1, fingerprint ?? $"f{i}", "k");
        }

        var admissions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => queue.AdmitAsync(Entry(i), CancellationToken.None))));
        Assert.Equal(200, admissions.Select(a => a.Id).Distinct().Count());
        Assert.True(queue.Transactions < 200, $"{queue.Transactions} transactions for 200 concurrent admissions: no group commit");

        // Same content again: not queued. Different content: queued, the earlier fingerprint reported.
        var same = await queue.AdmitAsync(Entry(5), CancellationToken.None);
        Assert.True(same.IsDuplicate);
        var changed = await queue.AdmitAsync(Entry(6, fingerprint: "other"), CancellationToken.None);
        Assert.False(changed.IsDuplicate);
        Assert.Equal("f6", changed.PreviousFingerprint);

        var high = await queue.AdmitAsync(Entry(1000, DimsePriority.High), CancellationToken.None);
        Assert.Equal(high.Id, (await queue.ClaimAsync(SpoolState.Received, CancellationToken.None))!.Id);

        // Study order: the second object of a study is not forwarded while the first is still in flight.
        // The two were admitted concurrently: the study's first is the one the queue numbered first.
        var first = Math.Min(admissions[0].Id, admissions[1].Id);
        var second = Math.Max(admissions[0].Id, admissions[1].Id);
        foreach (var item in await queue.ListAsync(SpoolState.Received, 1000, CancellationToken.None))
        {
            await queue.MarkEncryptedAsync(item.Id, paths.CiphertextPath(item.Id), item.Id == first || item.Id == second ? "study-A" : $"study-{item.Id}", "g", "k", CancellationToken.None);
        }

        var claimed = new List<long>();
        while (await queue.ClaimAsync(SpoolState.Encrypted, CancellationToken.None) is { } item)
        {
            claimed.Add(item.Id);
        }

        Assert.Contains(first, claimed);
        Assert.DoesNotContain(second, claimed);
        await queue.MarkForwardedAsync(first, CancellationToken.None);
        queue.Release(first);
        Assert.Equal(second, (await queue.ClaimAsync(SpoolState.Encrypted, CancellationToken.None))!.Id);
    }
}

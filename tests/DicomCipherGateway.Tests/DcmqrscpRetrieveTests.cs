using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Tests;

/// <summary>
/// The retrieve scenarios with dcmqrscp as the PACS, plus one its plain storage folder allows:
/// a ciphertext object the gateway forwarded, damaged afterwards where the PACS keeps it.
/// </summary>
public abstract class DcmqrscpRetrieveScenarios(DcmqrscpGatewayFixture fixture) : RetrieveScenarios(fixture)
{
    [Fact]
    public async Task A_ciphertext_file_tampered_in_dcmqrscp_storage_fails_alone_and_the_rest_arrive_byte_for_byte()
    {
        var (originals, _) = await StoreStudyAsync(4, mixed: false);
        var victim = Uid(originals[1]);
        FlipCiphertextPixelByte(StoredFile(victim));
        var others = originals.Where(p => Uid(p) != victim).ToList();
        var study = StudyUid(originals[0]);

        var moved = Directory.CreateDirectory(Dir.Combine("moved")).FullName;
        var moveText = await MoveStudyAsync(study, moved);
        AssertDelivered(others, moved, moveText + fixture.Gateway.Output);
        AssertFinalWarning(moveText, failed: 1);
        Assert.Matches($@"\(0008,0058\) UI \[{System.Text.RegularExpressions.Regex.Escape(victim)}\]", moveText);

        var got = Directory.CreateDirectory(Dir.Combine("got")).FullName;
        var getText = await GetStudyAsync(study, got);
        AssertDelivered(others, got, getText + fixture.Gateway.Output);
        AssertFinalWarning(getText, failed: 1);

        // Once per retrieve, as tampering, and taken from dcmqrscp (not the spool).
        var failures = fixture.AuditRecords().Where(r => r.Get("event") == "decrypted" && r.Get("sopInstanceUid") == victim).ToList();
        Assert.True(failures.Count == 2 && failures.All(r => r.Get("outcome") == "failure" && r.Get("calledAe") == fixture.PacsAeTitle && r.Get("reason")!.StartsWith(nameof(CipherObjectFailure.Tampered), StringComparison.Ordinal)), string.Join('\n', failures));
    }

    private string StoredFile(string sopInstanceUid) =>
        Directory.GetFiles(fixture.PacsDatabase).Where(p => Path.GetFileName(p) != "index.dat").Single(p => Uid(p) == sopInstanceUid);

    /// <summary>Flips one bit in the middle of the pixel data of the file as it lies on disk (found by its bytes, so the file is otherwise untouched).</summary>
    private static void FlipCiphertextPixelByte(string path)
    {
        var pixels = DicomFile.Open(path).Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
        var bytes = File.ReadAllBytes(path);
        var offset = bytes.AsSpan().IndexOf(pixels);
        Assert.True(offset > 0 && pixels.Length > 0, path);
        bytes[offset + (pixels.Length / 2)] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }
}

/// <summary>The dcmqrscp scenarios with dcmqrscp retrieved from by C-GET on the gateway's association.</summary>
public sealed class DcmqrscpRetrieveTests(DcmqrscpGatewayFixture fixture) : DcmqrscpRetrieveScenarios(fixture), IClassFixture<DcmqrscpGatewayFixture>;

/// <summary>The dcmqrscp scenarios with dcmqrscp retrieved from by C-MOVE to the gateway's own AE (its one move destination).</summary>
public sealed class DcmqrscpCMoveRetrieveTests(DcmqrscpCMoveGatewayFixture fixture) : DcmqrscpRetrieveScenarios(fixture), IClassFixture<DcmqrscpCMoveGatewayFixture>;

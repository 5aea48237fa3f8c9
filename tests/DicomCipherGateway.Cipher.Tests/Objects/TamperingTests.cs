using System.Buffers.Binary;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>
/// Issue 11: every attack of the security review, reproduced on a real ciphertext object, is refused
/// with a clear reason naming the SOP Instance UID; legacy plaintext passes only where the policy allows it.
/// </summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class TamperingTests : IDisposable
{
    private static readonly DicomTag Creator = new(0x7FD1, 0x0010);
    private static readonly DicomTag PresentationLutShape = new(0x20500020);
    private static readonly DicomTag ExtendedOffsetTable = new(0x7FE00001);
    private static readonly DicomTag ExtendedOffsetTableLengths = new(0x7FE00002);
    private readonly ObjectKeysFixture keys;
    private readonly TempDirectory temp = new();
    private readonly string originalPath;
    private readonly string sop;

    public TamperingTests(ObjectKeysFixture keys)
    {
        this.keys = keys;
        originalPath = ObjectTestData.Radiograph(temp.File("r.dcm"), seed: 12, width: 64, height: 48);
        sop = DicomFile.Open(originalPath).Dataset.GetString(DicomTags.SOPInstanceUID)!;
    }

    public static TheoryData<string> Profiles => new() { "dlednet-sealed", "dlednet" };

    public void Dispose() => temp.Dispose();

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_private_creator_renamed_is_tampering_not_plaintext(string profile)
    {
        var file = Ciphertext(profile);
        file.Dataset.SetString(Creator, DicomVR.LO, "SOME OTHER VENDOR 1");
        var ex = Refused(file, CipherObjectFailure.Tampered, "remnants of a ciphertext object");
        Assert.Contains("private group 7FD1", ex.Reason);
        Assert.Contains("CIPHERTEXT VIEW", ex.Reason);
        Assert.DoesNotContain("not encrypted", ex.Reason);
    }

    [Fact]
    public void Group_7FD1_deleted_is_tampering_even_under_a_permissive_legacy_policy()
    {
        var file = Ciphertext("dlednet-sealed");
        file.Dataset.RemoveAll(tag => tag.Group == 0x7FD1);
        var ex = Refused(file, CipherObjectFailure.Tampered, "remnants of a ciphertext object", Permissive());
        Assert.Contains("Window Center & Width Explanation", ex.Reason);
        Assert.Contains(CiphertextRemnants.ImplementationClassUid, ex.Reason);
    }

    [Fact]
    public void A_ciphertext_object_scrubbed_of_every_remnant_is_still_refused_by_the_strict_policy()
    {
        var file = Ciphertext("dlednet-sealed");
        file.Dataset.RemoveAll(tag => tag.Group == 0x7FD1);
        file.Dataset.SetString(DicomTags.WindowCenterWidthExplanation, DicomVR.LO, "WINDOW1");
        var network = new DicomFile(file.Dataset, file.TransferSyntax);
        Refused(network, CipherObjectFailure.NotEncrypted, "the policy refuses legacy plaintext");
    }

    [Fact]
    public void A_private_block_moved_by_the_PACS_to_another_group_and_block_still_decrypts_exactly()
    {
        var file = Ciphertext("dlednet-sealed");
        var moved = new DicomDataset();
        foreach (var item in file.Dataset)
        {
            if (item.Tag.Group != 0x7FD1)
            {
                moved.Set(item);
            }
            else if (item is DicomElement e)
            {
                var element = item.Tag.Element == 0x0010 ? 0x0042 : (ushort)(0x4200 | (item.Tag.Element & 0xFF));
                moved.Set(new DicomElement(new DicomTag(0x0029, (ushort)element), DicomVR.UN, e.Value));
            }
        }

        var result = Decryptor().Open(Reread(new DicomFile(moved, file.FileMetaInformation)));
        Assert.Equal(DecryptionOutcome.Decrypted, result.Outcome);
        Assert.Equal(File.ReadAllBytes(originalPath), Bytes(result.File));
    }

    [Fact]
    public void Two_private_blocks_are_refused()
    {
        var file = Ciphertext("dlednet-sealed");
        foreach (var item in file.Dataset.Where(i => i.Tag.Group == 0x7FD1).ToList())
        {
            var element = item.Tag.Element == 0x0010 ? (ushort)0x0011 : (ushort)(0x1100 | (item.Tag.Element & 0xFF));
            file.Dataset.Set(new DicomElement(new DicomTag(0x7FD1, element), item.VR, ((DicomElement)item).Value));
        }

        Refused(file, CipherObjectFailure.Tampered, "2 DICOMCIPHERGATEWAY 1 private blocks");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rows_and_Columns_swapped_are_refused(string profile)
    {
        var file = Ciphertext(profile);
        file.Dataset.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 64);
        file.Dataset.SetValues<ushort>(DicomTags.Columns, DicomVR.US, 48);
        var ex = Refused(file, CipherObjectFailure.Tampered, "pixel module differs");
        Assert.Contains("rows 64 here, 48 sealed", ex.Reason);
        Assert.Contains("columns 48 here, 64 sealed", ex.Reason);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rows_and_Columns_changed_to_the_same_pixel_count_are_refused(string profile)
    {
        var file = Ciphertext(profile);
        file.Dataset.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 24);
        file.Dataset.SetValues<ushort>(DicomTags.Columns, DicomVR.US, 128);
        Refused(file, CipherObjectFailure.Tampered, "rows 24 here, 48 sealed");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Number_of_Frames_changed_is_refused(string profile)
    {
        var input = await ObjectTestData.SignedAsync(temp.Path, "mf.dcm", mr: true, rows: 24, columns: 16, frames: 4);
        var multiFrameSop = DicomFile.Open(input).Dataset.GetString(DicomTags.SOPInstanceUID)!;
        var file = Reread(Encryptor(profile).Encrypt(DicomFile.Open(input)));
        file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2");
        file.Dataset.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 48);
        var ex = Assert.Throws<CipherObjectException>(() => Decryptor().Open(file));
        Assert.Equal(CipherObjectFailure.Tampered, ex.Failure);
        Assert.Contains(multiFrameSop, ex.Message);
        Assert.Contains("frames 2 here, 4 sealed", ex.Reason);
    }

    [Fact]
    public async Task The_extended_offset_table_is_sealed_restored_exactly_and_a_forged_one_is_refused()
    {
        var rle = await ObjectTestData.ConvertAsync("dcmcrle", await ObjectTestData.SignedAsync(temp.Path, "mf2.dcm", rows: 20, columns: 12, frames: 3), temp.File("mf2.rle.dcm"));
        var original = DicomFile.Open(rle);
        AddExtendedOffsetTable(original.Dataset);
        var withEot = temp.File("mf2.eot.dcm");
        original.Save(withEot);
        var eotSop = original.Dataset.GetString(DicomTags.SOPInstanceUID)!;

        var ciphertext = Reread(Encryptor("dlednet-sealed").Encrypt(DicomFile.Open(withEot)));
        Assert.False(ciphertext.Dataset.Contains(ExtendedOffsetTable));
        Assert.False(ciphertext.Dataset.Contains(ExtendedOffsetTableLengths));
        Assert.Equal(File.ReadAllBytes(withEot), Bytes(Decryptor().Decrypt(ciphertext)));

        var forged = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(forged.AsSpan(8), 4);
        BinaryPrimitives.WriteUInt64LittleEndian(forged.AsSpan(16), 8);
        ciphertext.Dataset.SetBytes(ExtendedOffsetTable, DicomVR.OV, forged);
        var ex = Assert.Throws<CipherObjectException>(() => Decryptor().Open(ciphertext));
        Assert.Equal(CipherObjectFailure.Tampered, ex.Failure);
        Assert.Contains(eotSop, ex.Message);
        Assert.Contains("Extended Offset Table (7FE0,0001)", ex.Reason);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Presentation_LUT_Shape_inserted_is_refused(string profile)
    {
        var file = Ciphertext(profile);
        file.Dataset.SetString(PresentationLutShape, DicomVR.CS, "INVERSE");
        var ex = Refused(file, CipherObjectFailure.Tampered, "Presentation LUT Shape (2050,0020) was added");
        Assert.Contains("what the image shows", ex.Reason);
    }

    [Fact]
    public void A_VOI_LUT_inserted_in_clear_is_refused_and_a_changed_view_window_is_replaced_by_the_sealed_one()
    {
        var file = Ciphertext("dlednet-sealed");
        file.Dataset.SetString(DicomTags.WindowCenter, DicomVR.DS, "5");
        Assert.Equal(File.ReadAllBytes(originalPath), Bytes(Decryptor().Decrypt(file)));
        file.Dataset.Set(new DicomSequence(DicomTags.VOILUTSequence));
        Refused(file, CipherObjectFailure.Tampered, "VOI LUT Sequence (0028,3010)");
    }

    [Fact]
    public void A_changed_patient_name_is_reported_without_values_and_refused_when_the_policy_says_so()
    {
        var file = Ciphertext("dlednet-sealed");
        file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "Reconciled^Name");
        file.Dataset.SetString(DicomTags.InstitutionName, DicomVR.LO, "Other Hospital");
        var result = Decryptor().Open(file);
        Assert.True(result.IdentityChanged);
        Assert.Contains(result.HeaderChanges, c => c.Tag == DicomTags.PatientName && c.Kind == HeaderChangeKind.Changed && c.Class == HeaderAttributeClass.Identity);
        Assert.Contains(result.HeaderChanges, c => c.Tag == DicomTags.InstitutionName && c.Kind == HeaderChangeKind.Added && c.Class == HeaderAttributeClass.Other);
        Assert.Equal(2, result.HeaderChanges.Count);
        Assert.DoesNotContain("Reconciled", string.Join(" ", result.HeaderChanges));
        Assert.Equal("Reconciled^Name", result.File.Dataset.GetString(DicomTags.PatientName));

        var ex = Refused(file, CipherObjectFailure.IdentityChanged, "Patient's Name (0010,0010) was changed", new DecryptionPolicy { RefuseIdentityChanges = true });
        Assert.DoesNotContain("Reconciled", ex.Message);
        Assert.Equal(2, ex.HeaderChanges.Count);
    }

    [Fact]
    public void An_untouched_object_reports_no_header_change()
    {
        var result = Decryptor().Open(Ciphertext("dlednet-sealed"));
        Assert.Empty(result.HeaderChanges);
        Assert.Equal(keys.Key.Id, result.KeyId);
        Assert.Equal(sop, result.SopInstanceUid);
    }

    [Fact]
    public void Legacy_plaintext_passes_only_where_the_policy_allows_it()
    {
        var plain = DicomFile.Open(originalPath);
        var created = DecryptionPolicy.CreationDateOf(plain.Dataset);
        Assert.NotNull(created);
        Refused(plain, CipherObjectFailure.NotEncrypted, "the policy refuses legacy plaintext");

        var allowed = Decryptor(Permissive()).Open(plain);
        Assert.Equal(DecryptionOutcome.LegacyPlaintext, allowed.Outcome);
        Assert.Same(plain, allowed.File);

        var before = new DecryptionPolicy { LegacyPlaintext = LegacyPlaintextRule.AllowCreatedBeforeCutover, LegacyCutover = created.Value.Date.AddDays(1) };
        var passed = Decryptor(before).Open(plain);
        Assert.Equal(DecryptionOutcome.LegacyPlaintext, passed.Outcome);
        Assert.Contains("is before the cut-over", passed.LegacyBasis);

        var after = before with { LegacyCutover = created.Value.Date };
        Refused(plain, CipherObjectFailure.NotEncrypted, "not before the cut-over", after);

        plain.Dataset.Remove(new DicomTag(0x00080012));
        plain.Dataset.Remove(new DicomTag(0x00080023));
        Refused(plain, CipherObjectFailure.NotEncrypted, "no readable Instance Creation Date", before);
        Assert.Throws<ArgumentException>(() => Decryptor(new DecryptionPolicy { LegacyPlaintext = LegacyPlaintextRule.AllowCreatedBeforeCutover }));
    }

    private static DecryptionPolicy Permissive() => new() { LegacyPlaintext = LegacyPlaintextRule.Allow };

    private DicomObjectEncryptor Encryptor(string profile) =>
        new(keys.Key, new ObjectEncryptionOptions(ObjectEncryptionOptions.ParseProfile(profile)));

    private DicomObjectDecryptor Decryptor(DecryptionPolicy? policy = null) => new(keys.Keyring, policy ?? DecryptionPolicy.Strict);

    /// <summary>The ciphertext object of the radiograph, as a file read back (as from the PACS).</summary>
    private DicomFile Ciphertext(string profile) => Reread(Encryptor(profile).Encrypt(DicomFile.Open(originalPath)));

    private CipherObjectException Refused(DicomFile file, CipherObjectFailure failure, string reason, DecryptionPolicy? policy = null)
    {
        var ex = Assert.Throws<CipherObjectException>(() => Decryptor(policy).Open(file));
        Assert.Equal(failure, ex.Failure);
        Assert.Contains(sop, ex.Message);
        Assert.Contains(reason, ex.Message);
        return ex;
    }

    private static void AddExtendedOffsetTable(DicomDataset dataset)
    {
        var fragments = (DicomFragmentSequence)dataset[DicomTags.PixelData]!;
        var offsets = new byte[fragments.Fragments.Count * 8];
        var lengths = new byte[fragments.Fragments.Count * 8];
        long offset = 0;
        for (var i = 0; i < fragments.Fragments.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(offsets.AsSpan(i * 8), (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(i * 8), (ulong)fragments.Fragments[i].Length);
            offset += 8 + fragments.Fragments[i].Length;
        }

        dataset.SetBytes(ExtendedOffsetTable, DicomVR.OV, offsets);
        dataset.SetBytes(ExtendedOffsetTableLengths, DicomVR.OV, lengths);
    }

    private static byte[] Bytes(DicomFile file)
    {
        using var stream = new MemoryStream();
        file.Write(stream);
        return stream.ToArray();
    }

    private static DicomFile Reread(DicomFile file) => DicomFile.Read(new MemoryStream(Bytes(file)));
}

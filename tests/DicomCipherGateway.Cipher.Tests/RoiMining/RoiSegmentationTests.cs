using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.RoiMining;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Tests.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Tests.RoiMining;

/// <summary>
/// The whole ROI path on ciphertext of a tiny key: a tiny model trained for that key, a DICOM
/// Segmentation that DCMTK reads and dciodvfy accepts with frames equal to the prediction, and
/// refusal of another key's ciphertext.
/// </summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class RoiSegmentationTests(ObjectKeysFixture keys) : IDisposable
{
    private const int Size = 64;
    private readonly TempDirectory temp = new("dcg-roi");

    [Fact]
    public async Task Segmentation_of_ciphertext_is_valid_read_by_dcmtk_and_its_frames_are_the_prediction()
    {
        var (cipher, input) = Encrypt(keys.Key, seed: 3);
        using var model = TrainTiny(keys.Key, seeds: [3, 4]);
        model.CheckDomain(input.KeyId);
        var prediction = model.Predict(input.Frames[0]);
        var truth = new ChestRadiographGenerator().Generate(3, Size, Size);

        // The model's prediction, and the true masks (certainly not empty) as a second prediction.
        foreach (var (name, frames) in new[] { ("predicted", prediction), ("truth", new RoiPrediction(Size, Size, truth.LeftLungMask, truth.RightLungMask)) })
        {
            var path = temp.File(name + ".seg.dcm");
            SegmentationObject.Build(cipher.Dataset, [frames], "test").Save(path);

            Assert.Empty(await DcmtkTools.DciodvfyErrorsAsync(path));
            var dump = await DcmtkTools.DumpAsync(path);
            Assert.Contains("1.2.840.10008.5.1.4.1.1.66.4", (await DcmtkTools.DumpAsync(path, "-Un")).ReplaceLineEndings(" "));
            Assert.Contains("44029006", dump);
            Assert.Contains("3341006", dump);
            Assert.Contains(cipher.Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim(), dump);

            // dcmdump +W writes the Pixel Data value as DCMTK parsed it: the two packed 1-bit frames.
            var raw = Path.Combine(temp.Path, name + "-raw");
            Directory.CreateDirectory(raw);
            await DcmtkTools.DumpAsync(path, "+W", raw);
            var written = Directory.GetFiles(raw).Single(f => f.Contains("7fe0", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".raw", StringComparison.Ordinal));
            var bytes = await File.ReadAllBytesAsync(written);
            Assert.Equal(frames.LeftLung, SegmentationObject.Unpack(bytes, 0, Size * Size));
            Assert.Equal(frames.RightLung, SegmentationObject.Unpack(bytes, 1, Size * Size));
        }
    }

    [Fact]
    public void A_model_bound_to_one_key_refuses_ciphertext_of_another_and_plaintext()
    {
        using var model = TrainTiny(keys.Key, seeds: [5]);
        var (_, other) = Encrypt(keys.OtherKey, seed: 5);
        var refused = Assert.Throws<RoiDomainException>(() => model.CheckDomain(other.KeyId));
        Assert.Contains(keys.OtherKey.Id.ToString(), refused.Message);
        Assert.Contains(keys.Key.Id.ToString(), refused.Message);
        Assert.Throws<RoiDomainException>(() => model.CheckDomain(null));

        // The binding survives the model file; a damaged file is refused whole.
        var path = temp.File("m.dcgroi");
        model.Save(path);
        using (var loaded = RoiModel.Load(path))
        {
            Assert.Equal(keys.Key.Id.ToString(), loaded.Metadata.KeyId);
            Assert.Throws<RoiDomainException>(() => loaded.CheckDomain(other.KeyId));
            Assert.Equal(model.Predict(other.Frames[0]).LeftLung, loaded.Predict(other.Frames[0]).LeftLung);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => RoiModel.Load(path));
    }

    [Fact]
    public void A_noise_view_is_refused_as_holding_nothing_to_segment()
    {
        var path = ObjectTestData.Radiograph(temp.File("n.dcm"), 6, Size, Size);
        var cipher = new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(Engine.CipherProfile.DlednetSealed, CipherView.Noise)).Encrypt(DicomFile.Open(path));
        var error = Assert.Throws<CipherObjectException>(() => RoiInput.Read(cipher));
        Assert.Contains("noise", error.Message);
    }

    public void Dispose() => temp.Dispose();

    private (DicomFile Cipher, RoiInput Input) Encrypt(CipherKey key, int seed)
    {
        var path = ObjectTestData.Radiograph(temp.File($"r{seed}-{key.Id}.dcm"), seed, Size, Size);
        var cipher = new DicomObjectEncryptor(key).Encrypt(DicomFile.Open(path));
        var input = RoiInput.Read(cipher);
        Assert.Equal(key.Id, input.KeyId);
        return (cipher, input);
    }

    private RoiModel TrainTiny(CipherKey key, int[] seeds)
    {
        var samples = seeds.Select(s =>
        {
            var (_, input) = Encrypt(key, s);
            var truth = new ChestRadiographGenerator().Generate(s, Size, Size);
            return new RoiSample($"s{s}", input.Frames[0], truth.LeftLungMask, truth.RightLungMask);
        }).ToList();
        var options = new RoiTrainingOptions(RoiArchitecture.Parse("resnet18:4"), Steps: 2, BatchSize: 1, ValidateEvery: 0, CheckpointEvery: 0, Seed: 1);
        var (model, history) = new RoiTrainer(options).Train(new RoiDataset(key.Id, samples), samples);
        Assert.Equal(2, history[^1].Step);
        Assert.False(double.IsNaN(history[^1].ValidationDiceLeft));
        return model;
    }
}

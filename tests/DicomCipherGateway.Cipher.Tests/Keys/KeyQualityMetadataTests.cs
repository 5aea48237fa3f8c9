using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Keys;

/// <summary>
/// The quality gate's figures travel in the key file's metadata: keygen measures them once, and
/// <c>dcg key info</c> reads them back years later, from keys written before a figure existed too.
/// </summary>
public sealed class KeyQualityMetadataTests
{
    // The figures of the demo's quick-preset key, with the texture correlation its G(x) views measure.
    private static readonly KeyQuality Measured = new(30.93, 30.60, 0.025, 0.031, 0.013, 0.015, 0.018, 0.026, 0.042, 4, 0.198, 0.762, 0.837);

    [Fact]
    public void The_texture_correlation_round_trips_through_the_key_file()
    {
        var check = KeyQualityCheck.Judge(Measured, 30, force: false, "4 held-out images");
        using var key = TinyKeys.Create(3, KeyFile.CurrentVersion, check);
        using var kek = KeyEncryptionKey.Generate();

        using var loaded = KeyFile.Deserialize(KeyFile.Serialize(key, kek), kek, torch.CPU);

        Assert.Equal(check, loaded.Metadata.QualityCheck);
        Assert.Equal(0.837, loaded.Metadata.QualityCheck!.Quality.MaxTextureCorrelation);
        Assert.True(loaded.Metadata.QualityCheck.Passed); // reported, not judged: the gate still passes
        Assert.True(loaded.Metadata.QualityCheck.TextureLeaks);
        Assert.Contains("texture 0.762 (max 0.837); passed", loaded.Metadata.QualityCheck.Describe());
    }

    [Fact]
    public void Metadata_written_before_the_texture_correlation_existed_reads_it_as_not_measured()
    {
        using var key = TinyKeys.Create(3, KeyFile.CurrentVersion, KeyQualityCheck.Judge(Measured, 30, force: false, "4 held-out images"));
        var json = JsonNode.Parse(KeyFile.SerializeMetadata(key.Metadata))!;
        var quality = json["QualityCheck"]!["Quality"]!.AsObject();
        Assert.True(quality.Remove(nameof(KeyQuality.MeanTextureCorrelation)) && quality.Remove(nameof(KeyQuality.MaxTextureCorrelation)));

        var older = KeyFile.DeserializeMetadata(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()))!;

        var check = older.QualityCheck!;
        Assert.True(double.IsNaN(check.Quality.MeanTextureCorrelation));
        Assert.True(double.IsNaN(check.Quality.MaxTextureCorrelation));
        Assert.Equal(Measured with { MeanTextureCorrelation = double.NaN, MaxTextureCorrelation = double.NaN }, check.Quality);
        Assert.False(check.TextureLeaks);
        Assert.True(check.Passed);
        Assert.Contains("view std 0.198 (min), texture not measured; passed", check.Describe());
    }
}

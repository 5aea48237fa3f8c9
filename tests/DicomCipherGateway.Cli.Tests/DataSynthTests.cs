using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

public class DataSynthTests
{
    [Fact]
    public async Task Synth_writes_valid_radiographs_whose_pixels_and_masks_match_the_generator()
    {
        using var dir = new TempDirectory();
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(2), "data", "synth", "--out", dir.Path, "--count", "2", "--size", "128", "--seed", "41");
        Assert.True(result.ExitCode == 0, result.StdErr);

        var generator = new ChestRadiographGenerator();
        foreach (var seed in new[] { 41, 42 })
        {
            var name = $"synth-{seed:D6}";
            var path = dir.Combine(name + ".dcm");
            Assert.Empty(await DcmtkTools.DciodvfyErrorsAsync(path));

            var expected = generator.Generate(seed, 128, 128);
            var file = DicomFile.Open(path);
            var pixels = file.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            Assert.Equal(expected.ToFrame(), pixels);
            Assert.Equal("CR", file.Dataset.GetString(DicomTags.Modality));

            var left = SyntheticStudy.ReadMaskPgm(dir.Combine("masks", name + ".left-lung.pgm"), out var w, out var h);
            Assert.Equal((128, 128), (w, h));
            Assert.Equal(expected.LeftLungMask, left);
            Assert.Equal(expected.RightLungMask, SyntheticStudy.ReadMaskPgm(dir.Combine("masks", name + ".right-lung.pgm"), out _, out _));
        }
    }

    [Theory]
    [InlineData("0", "512")]
    [InlineData("2", "16")]
    public async Task Synth_rejects_out_of_range_arguments(string count, string size)
    {
        using var dir = new TempDirectory();
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(1), "data", "synth", "--out", dir.Path, "--count", count, "--size", size);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--count must be", result.StdErr, StringComparison.Ordinal);
    }
}

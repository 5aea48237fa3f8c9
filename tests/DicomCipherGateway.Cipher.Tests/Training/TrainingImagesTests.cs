using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cipher.Tests.Training;

public class TrainingImagesTests
{
    [Fact]
    public async Task A_folder_tree_of_DICOM_objects_of_different_bit_depths_loads_every_frame_normalised()
    {
        using var dir = new TempDirectory();
        var generator = new ChestRadiographGenerator();
        SyntheticStudy.ToDicomFile(generator.Generate(7, 96, 80), DateTime.UtcNow).Save(dir.File("cr.dcm"));
        Directory.CreateDirectory(dir.Combine("nested"));
        await DicomTestData.CtSliceAsync(dir.Combine("nested"), "ct-no-extension", rows: 32, columns: 48);
        await File.WriteAllTextAsync(dir.File("README.txt"), "not an image");

        var images = TrainingImages.Load(dir.Path, channels: 1);

        Assert.Equal(2, images.Count);
        Assert.Contains(images, i => i.Width == 96 && i.Height == 80);
        Assert.Contains(images, i => i.Width == 48 && i.Height == 32);
        Assert.All(images, i => Assert.All(i.Pixels, p => Assert.InRange(p, 0f, 1f)));
        Assert.All(images, i => Assert.True(i.Pixels.Max() - i.Pixels.Min() > 0.1f, "an image normalised to a flat field"));
    }

    [Fact]
    public void A_broken_DICOM_file_is_an_error_naming_it_not_a_silently_smaller_training_set()
    {
        using var dir = new TempDirectory();
        var bytes = new byte[200];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        File.WriteAllBytes(dir.File("broken.dcm"), bytes);

        var ex = Assert.Throws<InvalidDataException>(() => TrainingImages.Load(dir.Path, channels: 1));
        Assert.Contains("broken.dcm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_is_an_error()
    {
        using var dir = new TempDirectory();
        Assert.Throws<InvalidDataException>(() => TrainingImages.Load(dir.Path, channels: 1));
        Assert.Throws<DirectoryNotFoundException>(() => TrainingImages.Load(dir.Combine("missing"), channels: 1));
    }
}

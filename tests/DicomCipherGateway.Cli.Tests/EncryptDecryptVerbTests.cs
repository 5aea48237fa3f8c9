using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg encrypt / dcg decrypt on a folder tree, run as a child process with a keyring made here.</summary>
public sealed class EncryptDecryptVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string dir = Directory.CreateTempSubdirectory("dcg-cryptverbs-").FullName;
    private readonly string ring;
    private readonly string kekFile;
    private readonly string keyId;

    public EncryptDecryptVerbTests()
    {
        ring = Directory.CreateDirectory(Path.Combine(dir, "ring")).FullName;
        kekFile = Path.Combine(dir, "kek");
        using var kek = KeyEncryptionKey.Generate();
        kek.WriteToFile(kekFile);
        var random = new Random(3);
        var images = Enumerable.Range(0, 2).Select(_ => new FloatImage(24, 24, 1, Enumerable.Range(0, 576).Select(_ => (float)random.NextDouble()).ToArray())).ToList();
        var options = new KeyGenerationOptions { Architecture = new DlednetArchitecture(1, 1), CropSize = 16, BatchSize = 2, Steps = 2, DiscriminatorWidth = 4, CheckpointEvery = 0, Seed = 4 };
        using var trained = new KeyGenerator(options, torch.CPU).Train(images, new NoiseHiddenFactors());
        using var key = CipherKey.FromTraining(trained, torch.CPU);
        KeyFile.Write(key, Path.Combine(ring, "k" + KeyFile.Extension), kek);
        keyId = key.Id.ToString();

        var input = Directory.CreateDirectory(Path.Combine(dir, "in", "series")).FullName;
        var generator = new ChestRadiographGenerator();
        for (var seed = 1; seed <= 3; seed++)
        {
            SyntheticStudy.ToDicomFile(generator.Generate(seed, 64, 64), DateTime.UtcNow).Save(Path.Combine(input, $"img{seed}.dcm"));
        }

        File.WriteAllText(Path.Combine(dir, "in", "notes.txt"), "not DICOM");

        // Looks like DICOM (preamble + DICM) but the dataset is garbage: it must fail alone.
        var broken = new byte[300];
        "DICM"u8.CopyTo(broken.AsSpan(128));
        Array.Fill(broken, (byte)0xFF, 132, 168);
        File.WriteAllBytes(Path.Combine(dir, "in", "broken.dcm"), broken);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task A_folder_encrypts_and_decrypts_back_byte_for_byte_and_a_bad_file_fails_alone()
    {
        var input = Path.Combine(dir, "in");
        var encrypted = Path.Combine(dir, "enc");
        var decrypted = Path.Combine(dir, "dec");
        var enc = await DcgProcess.RunAsync(Timeout, "encrypt", input, encrypted, "--keyring", ring, "--kek-file", kekFile, "--threads", "1", "--device", "cpu");
        Assert.Equal(1, enc.ExitCode);
        Assert.Contains("broken.dcm: ", enc.StdErr);
        Assert.Contains("notes.txt: skipped, not DICOM", enc.StdErr);
        Assert.Contains("3 encrypted", enc.StdErr);
        Assert.Contains("1 failed", enc.StdErr);
        Assert.Contains("1 skipped", enc.StdErr);
        Assert.Equal(3, Directory.GetFiles(encrypted, "*.dcm", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(encrypted, ".*tmp-*", SearchOption.AllDirectories));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(input, "series", "img1.dcm")), File.ReadAllBytes(Path.Combine(encrypted, "series", "img1.dcm")));

        // A plaintext object among the ciphertext ones is copied unchanged, as the gateway passes it through.
        File.Copy(Path.Combine(input, "series", "img1.dcm"), Path.Combine(encrypted, "legacy.dcm"));
        File.Delete(Path.Combine(input, "broken.dcm"));
        var dec = await DcgProcess.RunAsync(Timeout, "decrypt", encrypted, decrypted, "--keyring", ring, "--kek-file", kekFile, "--threads", "1", "--device", "cpu");
        Assert.True(dec.ExitCode == 0, dec.StdErr);
        Assert.Contains("legacy.dcm: not encrypted, copied unchanged", dec.StdErr);
        for (var seed = 1; seed <= 3; seed++)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(input, "series", $"img{seed}.dcm")), File.ReadAllBytes(Path.Combine(decrypted, "series", $"img{seed}.dcm")));
        }
    }

    [Fact]
    public async Task A_tampered_file_fails_with_one_line_naming_it_and_no_output()
    {
        var input = Path.Combine(dir, "in", "series", "img2.dcm");
        var encrypted = Path.Combine(dir, "img2.enc.dcm");
        var enc = await DcgProcess.RunAsync(Timeout, "encrypt", input, encrypted, "--keyring", ring, "--key-id", keyId, "--kek-file", kekFile, "--profile", "dlednet-sealed", "--view", "noise", "--threads", "1");
        Assert.True(enc.ExitCode == 0, enc.StdErr);
        var bytes = File.ReadAllBytes(encrypted);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(encrypted, bytes);
        var output = Path.Combine(dir, "img2.dec.dcm");
        var dec = await DcgProcess.RunAsync(Timeout, "decrypt", encrypted, output, "--keyring", ring, "--kek-file", kekFile, "--threads", "1");
        Assert.Equal(1, dec.ExitCode);
        Assert.Contains("pixel data was altered", dec.StdErr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_wrong_KEK_or_an_unknown_profile_stops_before_any_file()
    {
        var otherKek = Path.Combine(dir, "other-kek");
        using (var k = KeyEncryptionKey.Generate())
        {
            k.WriteToFile(otherKek);
        }

        var output = Path.Combine(dir, "out");
        var wrong = await DcgProcess.RunAsync(Timeout, "encrypt", Path.Combine(dir, "in"), output, "--keyring", ring, "--kek-file", otherKek, "--threads", "1");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Key file", wrong.StdErr);
        var profile = await DcgProcess.RunAsync(Timeout, "encrypt", Path.Combine(dir, "in"), output, "--keyring", ring, "--kek-file", kekFile, "--profile", "rot13");
        Assert.NotEqual(0, profile.ExitCode);
        Assert.Contains("rot13", profile.StdErr);
        Assert.False(Directory.Exists(output));
    }
}

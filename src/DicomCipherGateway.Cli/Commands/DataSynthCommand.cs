using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Cipher.Synthetic;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg data synth --out DIR</c>: synthetic chest radiographs as DICOM, with lung masks alongside,
/// for tests, the demo, key generation and ROI mining. Deterministic per seed (pixels and masks;
/// UIDs are fresh each run).
/// </summary>
internal static class DataSynthCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "folder to write into (created if missing)", Required = true };
        var count = new Option<int>("--count", "-n") { Description = "number of images", DefaultValueFactory = _ => 8 };
        var size = new Option<int>("--size") { Description = "width and height in pixels", DefaultValueFactory = _ => 512 };
        var seed = new Option<int>("--seed") { Description = "seed of the first image; image i uses seed+i", DefaultValueFactory = _ => 1 };
        var synth = new Command("synth", "Write synthetic 12-bit chest radiographs (CR) and their left/right lung masks (PGM).") { output, count, size, seed };
        synth.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(count), parse.GetValue(size), parse.GetValue(seed), Console.Out, Console.Error));
        return new Command("data", "Generate data for tests, demos and training.") { synth };
    }

    internal static int Run(DirectoryInfo output, int count, int size, int seed, TextWriter stdout, TextWriter stderr)
    {
        if (count is < 1 or > 100_000 || size is < 64 or > 8192)
        {
            stderr.WriteLine("dcg data synth: --count must be 1..100000 and --size 64..8192");
            return ExitCodes.Usage;
        }

        try
        {
            var masks = Directory.CreateDirectory(Path.Combine(output.FullName, "masks"));
            var generator = new ChestRadiographGenerator();
            var acquired = DateTime.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var image = generator.Generate(seed + i, size, size);
                var name = "synth-" + image.Seed.ToString("D6", CultureInfo.InvariantCulture);
                SyntheticStudy.ToDicomFile(image, acquired).Save(Path.Combine(output.FullName, name + ".dcm"));
                SyntheticStudy.WriteMaskPgm(Path.Combine(masks.FullName, name + ".left-lung.pgm"), image.LeftLungMask, image.Width, image.Height);
                SyntheticStudy.WriteMaskPgm(Path.Combine(masks.FullName, name + ".right-lung.pgm"), image.RightLungMask, image.Width, image.Height);
                stderr.Write($"\rdcg data synth: {i + 1}/{count}");
            }

            stderr.WriteLine();
            stdout.WriteLine($"{count} radiographs ({size}x{size}, 12-bit) in {output.FullName}, masks in {masks.FullName}");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dcg data synth: {output.FullName}: {ex.Message}");
            return ExitCodes.OutputFailed;
        }
    }
}

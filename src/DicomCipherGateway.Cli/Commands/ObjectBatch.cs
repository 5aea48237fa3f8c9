using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// Runs a per-object transform over a file or a folder tree: outputs written (mode
/// <paramref name="outputMode"/>, 600 by default: they hold patient data) to a temp file in the target
/// folder and renamed into place, the temp file removed on every failure path; one line per failure
/// (the rest still processed), one line per note (e.g. header changes), progress on stderr, a summary,
/// and exit code 1 when anything failed.
/// </summary>
internal sealed class ObjectBatch(string verb, UnixFileMode outputMode = ObjectBatch.DefaultOutputMode)
{
    /// <summary>Owner read/write only.</summary>
    public const UnixFileMode DefaultOutputMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>What one object became.</summary>
    public enum Outcome
    {
        Done,
        PassedThrough,
    }

    /// <summary>Parses an octal mode such as 600 or 0640 (<c>--output-mode</c>).</summary>
    public static UnixFileMode ParseMode(string text)
    {
        try
        {
            var mode = Convert.ToInt32(text.Trim(), 8);
            if (mode is >= 0 and <= 0x1FF)
            {
                return (UnixFileMode)mode;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            // Reported below.
        }

        throw new CommandLineException($"--output-mode {text}: an octal file mode such as 600 or 640 is expected.");
    }

    public int Run(string input, string output, Func<DicomFile, (DicomFile File, Outcome Outcome, string? Note)> transform, CancellationToken cancellationToken)
    {
        var jobs = Plan(input, output, out var skipped);
        int done = 0, passed = 0, failed = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (source, target) = jobs[i];
            try
            {
                var (file, outcome, note) = transform(DicomFile.Open(source));
                WriteAtomically(file, target);
                if (outcome == Outcome.PassedThrough)
                {
                    passed++;
                    Console.Error.WriteLine($"\rdcg {verb}: {source}: not encrypted, copied unchanged{(note is null ? string.Empty : $" ({note})")}");
                }
                else
                {
                    done++;
                    if (note is not null)
                    {
                        Console.Error.WriteLine($"\rdcg {verb}: {source}: {note}");
                    }
                }
            }
            catch (Exception ex) when (ex is CipherObjectException or DicomException or DicomImagingException or IOException or UnauthorizedAccessException
                or CryptographicException or ArgumentException or FormatException or InvalidDataException)
            {
                failed++;
                Console.Error.WriteLine($"\rdcg {verb}: {source}: {ex.Message.ReplaceLineEndings(" ")}");
            }

            Console.Error.Write($"\rdcg {verb}: {i + 1}/{jobs.Count}");
        }

        Console.Error.WriteLine();
        Console.Error.WriteLine($"dcg {verb}: {done} {verb}ed{(passed > 0 ? $", {passed} not encrypted (copied)" : string.Empty)}, {failed} failed"
            + (skipped > 0 ? $", {skipped} skipped (not DICOM)" : string.Empty));
        return failed == 0 ? 0 : 1;
    }

    private List<(string Source, string Target)> Plan(string input, string output, out int skipped)
    {
        skipped = 0;
        if (File.Exists(input))
        {
            var target = Directory.Exists(output) ? Path.Combine(output, Path.GetFileName(input)) : output;
            return [(Path.GetFullPath(input), Path.GetFullPath(target))];
        }

        if (!Directory.Exists(input))
        {
            throw new CommandLineException($"{input}: no such file or folder.");
        }

        if (File.Exists(output))
        {
            throw new CommandLineException($"{output} is a file; a folder IN needs a folder OUT.");
        }

        var root = Path.GetFullPath(input);
        var outRoot = Path.GetFullPath(output);
        if (outRoot.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || outRoot == root)
        {
            throw new CommandLineException("OUT must not be inside IN.");
        }

        // In a folder, only what looks like DICOM is a job; a single file named on the command
        // line is always tried, so the user gets the parser's reason when it is not DICOM.
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var jobs = new List<(string Source, string Target)>();
        foreach (var file in files)
        {
            if (DicomFile.LooksLikeDicom(file))
            {
                jobs.Add((file, Path.Combine(outRoot, Path.GetRelativePath(root, file))));
            }
            else
            {
                skipped++;
                Console.Error.WriteLine($"dcg {verb}: {file}: skipped, not DICOM (no DICM marker, no .dcm name)");
            }
        }

        return jobs;
    }

    private void WriteAtomically(DicomFile file, string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = outputMode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                file.Write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            // Every failure, cancellation included: no half-written or hidden temp file stays behind.
            try
            {
                File.Delete(temp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"\rdcg {verb}: could not remove the temp file {temp}: {ex.Message}");
            }

            throw;
        }
    }
}

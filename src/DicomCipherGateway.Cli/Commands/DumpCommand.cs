using System.CommandLine;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg dump FILE</c>: a readable listing of a DICOM file, like dcmdump's.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "DICOM file (Part 10, or a bare dataset)" };
        var command = new Command("dump", "Print the elements of a DICOM file: meta header, dataset, sequences, private tags with creators.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(FileInfo input, TextWriter stdout, TextWriter stderr)
    {
        if (!input.Exists)
        {
            stderr.WriteLine($"dcg dump: {input.FullName}: no such file");
            return ExitCodes.InputNotFound;
        }

        try
        {
            var file = DicomFile.Open(input.FullName);
            var printer = new DatasetPrinter(stdout);
            stdout.WriteLine($"# Dicom-File-Format ({file.Format})");
            stdout.WriteLine();
            stdout.WriteLine("# Dicom-Meta-Information-Header");
            stdout.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
            printer.Print(file.FileMetaInformation.Elements);
            stdout.WriteLine();
            stdout.WriteLine("# Dicom-Data-Set");
            stdout.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
            printer.Print(file.Dataset);
            return ExitCodes.Success;
        }
        catch (DicomException ex)
        {
            stderr.WriteLine($"dcg dump: {input.Name}: {ex.Message}");
            return ExitCodes.MalformedInput;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"dcg dump: {input.Name}: {ex.Message}");
            return ExitCodes.InputNotFound;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"dcg dump: {input.Name}: {ex.Message}");
            return ExitCodes.InputNotFound;
        }
    }
}

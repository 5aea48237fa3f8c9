using System.CommandLine;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg convert IN OUT --transfer-syntax UID|name</c>: rewrite a file in another transfer syntax.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("in") { Description = "DICOM file to read" };
        var output = new Argument<FileInfo>("out") { Description = "file to write" };
        var syntax = new Option<string>("--transfer-syntax", "-t")
        {
            Description = "target syntax: a UID, a PS3.6 keyword (ExplicitVRLittleEndian ...) or ivrle, evrle, evrbe, deflated, rle",
            Required = true,
        };
        var command = new Command("convert", "Write a DICOM file in another transfer syntax (native syntaxes, deflate and RLE Lossless; other compressed syntaxes only to themselves).") { input, output, syntax };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(syntax)!, Console.Error));
        return command;
    }

    internal static int Run(FileInfo input, FileInfo output, string syntaxText, TextWriter stderr)
    {
        if (!DicomTransferSyntax.TryParse(syntaxText, out var target))
        {
            stderr.WriteLine($"dcg convert: '{syntaxText}' is not a known transfer syntax UID or name");
            return ExitCodes.Usage;
        }

        if (!input.Exists)
        {
            stderr.WriteLine($"dcg convert: {input.FullName}: no such file");
            return ExitCodes.InputNotFound;
        }

        DicomFile converted;
        try
        {
            var file = DicomFile.Open(input.FullName);
            converted = file.ChangeTransferSyntax(target);
        }
        catch (DicomCodecException ex)
        {
            stderr.WriteLine($"dcg convert: not supported: {ex.Message}");
            return ExitCodes.Unsupported;
        }
        catch (DicomException ex)
        {
            stderr.WriteLine($"dcg convert: {input.Name}: {ex.Message}");
            return ExitCodes.MalformedInput;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"dcg convert: {input.Name}: {ex.Message}");
            return ExitCodes.InputNotFound;
        }

        // Write next to the target and rename, so a failed write never leaves half a file behind
        // and converting a file onto itself works (its values may still be read from the input).
        var temp = output.FullName + ".dcg-tmp";
        try
        {
            var options = new DicomWriteOptions { RemoveGroupLengths = true };
            converted.Save(temp, options);
            File.Move(temp, output.FullName, overwrite: true);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            stderr.WriteLine($"dcg convert: {output.FullName}: {ex.Message}");
            return ExitCodes.OutputFailed;
        }
    }
}

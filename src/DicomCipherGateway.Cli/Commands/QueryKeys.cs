using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Query keys from the command line: <c>-k (0010,0020)=PAT1</c>, <c>-k PatientID=PAT1</c>, or <c>-k PatientName</c> to ask for a value.</summary>
internal static class QueryKeys
{
    public static readonly string[] Levels = ["PATIENT", "STUDY", "SERIES", "IMAGE"];

    public static DicomDataset Build(string level, IEnumerable<string> keys)
    {
        level = level.Trim().ToUpperInvariant();
        if (!Levels.Contains(level))
        {
            throw new CommandLineException($"--level must be one of {string.Join(", ", Levels)}, not '{level}'.");
        }

        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var key in keys)
        {
            var split = key.IndexOf('=', StringComparison.Ordinal);
            var name = split < 0 ? key : key[..split];
            var value = split < 0 ? string.Empty : key[(split + 1)..];
            var tag = ParseTag(name);
            if (tag == DicomTags.QueryRetrieveLevel)
            {
                throw new CommandLineException("Give the level with --level, not as a key.");
            }

            var vr = DicomDictionary.Default.Lookup(tag)?.DefaultVR ?? throw new CommandLineException($"Unknown key '{name}': give a keyword or (gggg,eeee) of a public tag.");
            identifier.SetString(tag, vr, value);
        }

        return identifier;
    }

    private static DicomTag ParseTag(string name)
    {
        name = name.Trim();
        if (DicomDictionary.Default.Lookup(name) is { } entry)
        {
            return entry.Tag;
        }

        try
        {
            return DicomTag.Parse(name);
        }
        catch (FormatException)
        {
            throw new CommandLineException($"Unknown key '{name}': give a keyword (PatientID) or a tag ((0010,0020)).");
        }
    }
}

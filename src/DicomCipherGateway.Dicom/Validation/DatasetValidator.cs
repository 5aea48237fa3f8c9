using System.Text.RegularExpressions;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Validation;

/// <summary>
/// Checks a dataset against PS3.5 encoding rules (value lengths, UID and date syntax, code string
/// characters, VRs the dictionary allows, private elements without a creator). Never called on
/// <c>Set</c> or while reading: real-world data must stay readable. Issues name tags, never values.
/// </summary>
public static partial class DatasetValidator
{
    public static IReadOnlyList<DicomValidationIssue> Validate(DicomDataset dataset, DicomDictionary? dictionary = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var issues = new List<DicomValidationIssue>();
        var pending = new Stack<(DicomDataset Dataset, string Path)>();
        pending.Push((dataset, string.Empty));
        dictionary ??= DicomDictionary.Default;
        while (pending.Count > 0)
        {
            var (ds, path) = pending.Pop();
            foreach (var item in ds)
            {
                var here = path + item.Tag;
                if (item is DicomSequence sq)
                {
                    for (var i = 0; i < sq.Items.Count; i++)
                    {
                        pending.Push((sq.Items[i], $"{here}[{i}]"));
                    }

                    continue;
                }

                if (item is DicomElement e)
                {
                    Check(ds, e, here, dictionary, issues);
                }
            }
        }

        return issues;
    }

    /// <summary>Validates according to <paramref name="mode"/>; Strict throws when anything is wrong.</summary>
    public static IReadOnlyList<DicomValidationIssue> Validate(DicomDataset dataset, ValidationMode mode)
    {
        if (mode == ValidationMode.Off)
        {
            return [];
        }

        var issues = Validate(dataset);
        if (mode == ValidationMode.Strict && issues.Count > 0)
        {
            throw new DicomValidationException(issues);
        }

        return issues;
    }

    private static void Check(DicomDataset ds, DicomElement e, string path, DicomDictionary dictionary, List<DicomValidationIssue> issues)
    {
        var info = e.VR.Info;
        if ((e.Length & 1) == 1)
        {
            issues.Add(new(path, $"odd value length {e.Length}"));
        }

        if (e.Tag.IsPrivate && !e.Tag.IsPrivateCreator && e.Tag.Element >= 0x1000 && ds.GetPrivateCreator(e.Tag) is null)
        {
            issues.Add(new(path, "private element without a Private Creator"));
        }

        if (!e.Tag.IsPrivate && e.VR != DicomVR.UN && dictionary.Lookup(e.Tag) is { } entry && entry.ValueRepresentations.Count > 0 && !entry.ValueRepresentations.Contains(e.VR))
        {
            issues.Add(new(path, $"VR {e.VR} where PS3.6 gives {string.Join(" or ", entry.ValueRepresentations)}"));
        }

        if (!info.IsString || e.Length == 0 || !e.Value.IsMaterialized)
        {
            if (!info.IsString && info.UnitSize > 1 && e.Length % info.UnitSize != 0 && !info.HasLongExplicitLength)
            {
                issues.Add(new(path, $"length {e.Length} is not a multiple of {info.UnitSize}"));
            }

            return;
        }

        var values = info.IsMultiValuedString ? e.GetStrings(ds.CharacterSet) : [e.GetString(ds.CharacterSet)];
        foreach (var v in values)
        {
            if (info.MaxLength > 0 && v.Length > info.MaxLength)
            {
                issues.Add(new(path, $"a value of {v.Length} characters exceeds the {info.MaxLength} allowed for {e.VR}"));
            }

            if (v.Length == 0)
            {
                continue;
            }

            var bad = e.VR.Code switch
            {
                0x5549 => !new DicomUid(v).IsValid ? "is not a valid UID" : null,
                0x4353 => !CodeString().IsMatch(v) ? "has characters a CS may not hold" : null,
                0x4441 => !Date().IsMatch(v) ? "is not a date (YYYYMMDD)" : null,
                0x4953 => !IntegerString().IsMatch(v) ? "is not an integer string" : null,
                0x4453 => !DecimalString().IsMatch(v) ? "is not a decimal string" : null,
                _ => null,
            };
            if (bad is not null)
            {
                issues.Add(new(path, $"a value {bad}"));
            }
        }
    }

    [GeneratedRegex("^[A-Z0-9 _]*$")]
    private static partial Regex CodeString();

    [GeneratedRegex("^[0-9]{8}$|^[0-9]{8}-[0-9]{0,8}$|^-[0-9]{8}$")]
    private static partial Regex Date();

    [GeneratedRegex("^ *[+-]?[0-9]+ *$")]
    private static partial Regex IntegerString();

    [GeneratedRegex(@"^ *[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)? *$")]
    private static partial Regex DecimalString();
}

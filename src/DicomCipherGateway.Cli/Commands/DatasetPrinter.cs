using System.Globalization;
using System.Text;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Formats a dataset as a listing like dcmdump's: one line per element, items indented, private tags with their creators.</summary>
internal sealed class DatasetPrinter(TextWriter output, int maxValueChars = 64)
{
    public void Print(DicomDataset dataset, int depth = 0)
    {
        var indent = new string(' ', depth * 2);
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomSequence sq:
                    output.WriteLine($"{indent}{sq.Tag} {sq.VR} (Sequence with {(sq.LengthEncoding == LengthEncoding.Undefined ? "undefined" : "explicit")} length #={sq.Items.Count}) # {Describe(dataset, sq.Tag)}");
                    for (var i = 0; i < sq.Items.Count; i++)
                    {
                        var child = sq.Items[i];
                        output.WriteLine($"{indent}  (FFFE,E000) na (Item with {(child.ItemLengthEncoding == LengthEncoding.Undefined ? "undefined" : "explicit")} length #={child.Count})");
                        Print(child, depth + 2);
                        output.WriteLine($"{indent}  (FFFE,E00D) na (ItemDelimitationItem)");
                    }

                    output.WriteLine($"{indent}(FFFE,E0DD) na (SequenceDelimitationItem)");
                    break;
                case DicomFragmentSequence f:
                    output.WriteLine($"{indent}{f.Tag} {f.VR} (PixelSequence #={f.Fragments.Count + 1}) # {Describe(dataset, f.Tag)}");
                    output.WriteLine($"{indent}  (FFFE,E000) pi (Basic Offset Table, {f.BasicOffsetTable.Length} bytes, {f.GetBasicOffsets().Length} offsets)");
                    foreach (var fragment in f.Fragments)
                    {
                        output.WriteLine($"{indent}  (FFFE,E000) pi (fragment, {fragment.Length} bytes)");
                    }

                    output.WriteLine($"{indent}(FFFE,E0DD) na (SequenceDelimitationItem)");
                    break;
                case DicomElement e:
                    var value = FormatValue(dataset, e);
                    output.WriteLine($"{indent}{e.Tag} {e.VR} {value,-40} # {e.Length,4}, {Describe(dataset, e.Tag)}");
                    break;
            }
        }
    }

    private static string Describe(DicomDataset dataset, DicomTag tag)
    {
        if (tag.IsPrivate && !tag.IsPrivateCreator)
        {
            var creator = dataset.GetPrivateCreator(tag);
            return creator is null ? "Unknown private element (no creator)" : $"Private element of \"{creator}\"";
        }

        return DicomDictionary.Default.Lookup(tag) is { } entry
            ? entry.Keyword + (entry.IsRetired ? " (retired)" : string.Empty)
            : "Unknown tag";
    }

    private string FormatValue(DicomDataset dataset, DicomElement e)
    {
        if (e.Length == 0)
        {
            return "(no value available)";
        }

        if (e.VR.Info.IsString)
        {
            return "[" + Shorten(e.GetString(dataset.CharacterSet)) + "]";
        }

        if (e.VR == DicomVR.OB || e.VR == DicomVR.UN || e.VR == DicomVR.OW || e.VR == DicomVR.OF || e.VR == DicomVR.OD || e.VR == DicomVR.OL || e.VR == DicomVR.OV)
        {
            if (!e.Value.IsMaterialized || e.Length > 256)
            {
                return $"(binary data, {e.Length.ToString(CultureInfo.InvariantCulture)} bytes)";
            }

            var bytes = e.Value.GetMemory().Span;
            var sb = new StringBuilder();
            if (e.VR == DicomVR.OW)
            {
                // Words, as dcmdump shows them (values are little endian in memory).
                foreach (var w in e.GetValues<ushort>())
                {
                    sb.Append(sb.Length == 0 ? string.Empty : "\\").Append(w.ToString("x4", CultureInfo.InvariantCulture));
                    if (sb.Length >= maxValueChars)
                    {
                        break;
                    }
                }

                return Shorten(sb.ToString());
            }

            for (var i = 0; i < bytes.Length && sb.Length < maxValueChars; i++)
            {
                sb.Append(i == 0 ? string.Empty : "\\").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return Shorten(sb.ToString());
        }

        return Shorten(e.GetString());
    }

    private string Shorten(string s) => s.Length <= maxValueChars ? s : s[..maxValueChars] + "...";
}

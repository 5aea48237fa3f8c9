using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>The report being written: Markdown for people, JSON with the same numbers for machines, figures beside them.</summary>
public sealed class AnalysisReport
{
    private readonly StringBuilder markdown = new();

    public AnalysisReport(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>Where report.md, report.json and the figures go.</summary>
    public string Directory { get; }

    /// <summary>The JSON document (sections by name).</summary>
    public JsonObject Json { get; } = [];

    public void Heading(string text, int level = 2) => markdown.Append('\n').Append('#', level).Append(' ').AppendLine(text).AppendLine();

    public void Paragraph(string text) => markdown.AppendLine(text).AppendLine();

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        markdown.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        markdown.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Count))).AppendLine();
        foreach (var row in rows)
        {
            markdown.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        markdown.AppendLine();
    }

    /// <summary>The path of a figure file in the report folder, and a Markdown reference to it.</summary>
    public string FigurePath(string fileName, string caption)
    {
        markdown.Append("![").Append(caption).Append("](").Append(fileName).AppendLine(")").AppendLine();
        return Path.Combine(Directory, fileName);
    }

    public void Set(string section, JsonNode? value) => Json[section] = value;

    /// <summary>Writes report.md and report.json.</summary>
    public void Save()
    {
        File.WriteAllText(Path.Combine(Directory, "report.md"), markdown.ToString());
        File.WriteAllText(Path.Combine(Directory, "report.json"), Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A number for a table, invariant culture.</summary>
    public static string F(double value, int decimals = 4) =>
        double.IsPositiveInfinity(value) ? "∞" : double.IsNaN(value) ? "–" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage.</summary>
    public static string Pct(double fraction, int decimals = 1) => F(100 * fraction, decimals) + " %";

    /// <summary>A JSON number that survives ∞ and NaN (as null).</summary>
    public static JsonNode? N(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace DicomCipherGateway.TestSupport;

/// <summary>One element line of dcmdump's output: nesting depth, tag, VR, value text and length.</summary>
public sealed partial record DcmdumpLine(int Depth, uint Tag, string VR, string Value, string Length)
{
    /// <summary>Element lines of a dcmdump listing (items and delimiters left out), meta header included.</summary>
    public static IReadOnlyList<DcmdumpLine> Parse(string dump)
    {
        var lines = new List<DcmdumpLine>();
        foreach (var raw in dump.Split('\n'))
        {
            var m = LinePattern().Match(raw);
            if (!m.Success || m.Groups["g"].Value.Equals("fffe", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var tag = (uint.Parse(m.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 16)
                      | uint.Parse(m.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            lines.Add(new DcmdumpLine(m.Groups["indent"].Length / 2, tag, m.Groups["vr"].Value, m.Groups["value"].Value.TrimEnd(), m.Groups["len"].Value.Trim()));
        }

        return lines;
    }

    [GeneratedRegex(@"^(?<indent> *)\((?<g>[0-9a-fA-F]{4}),(?<e>[0-9a-fA-F]{4})\) (?<vr>[A-Za-z?]{2}) (?<value>.*?)\s*#\s*(?<len>[^,]+),")]
    private static partial Regex LinePattern();
}

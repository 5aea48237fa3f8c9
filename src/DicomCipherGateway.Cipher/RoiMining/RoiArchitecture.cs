using System.Globalization;
using System.Text.Json.Serialization;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// The shape of a ROI-mining network (§III.B, Table II): a ResNet encoder whose every stage feeds a
/// fusion decoder that predicts one full-resolution mask per organ (here: left and right lung).
/// </summary>
/// <param name="Backbone">"resnet50" (bottleneck blocks 3-4-6-3, the paper's) or "resnet18" (basic blocks 2-2-2-2, the light CPU option).</param>
/// <param name="BaseWidth">Channels of the stem and the first stage's inner width: 64 is the standard ResNet; smaller values are width-reduced variants.</param>
/// <param name="DecoderWidth">Channels every stage is projected to before fusion.</param>
/// <param name="Channels">Input channels (1: grey radiographs and their views).</param>
/// <param name="Classes">Output masks (2: the patient's left and right lung).</param>
public sealed record RoiArchitecture(string Backbone, int BaseWidth, int DecoderWidth, int Channels = 1, int Classes = 2)
{
    /// <summary>Blocks per stage of a bottleneck ResNet-50 (Table II: 3-4-6-3).</summary>
    public static IReadOnlyList<int> ResNet50Stages { get; } = [3, 4, 6, 3];

    /// <summary>Blocks per stage of a basic-block ResNet-18.</summary>
    public static IReadOnlyList<int> ResNet18Stages { get; } = [2, 2, 2, 2];

    /// <summary>The paper's backbone at full width.</summary>
    public static RoiArchitecture ResNet50 { get; } = new("resnet50", 64, 64);

    /// <summary>The light CPU option: a ResNet-18 layout at a quarter of the standard width.</summary>
    public static RoiArchitecture ResNet18Light { get; } = new("resnet18", 16, 32);

    /// <summary>True for the bottleneck (ResNet-50) layout.</summary>
    [JsonIgnore]
    public bool IsBottleneck => Backbone == "resnet50";

    /// <summary>Blocks per stage.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> Stages => IsBottleneck ? ResNet50Stages : ResNet18Stages;

    /// <summary>Output channels of a stage's blocks (×4 expansion for bottlenecks).</summary>
    public int StageChannels(int stage) => BaseWidth * (1 << stage) * (IsBottleneck ? 4 : 1);

    /// <summary>An honest name for reports, e.g. "resnet18 (basic blocks 2-2-2-2, base width 16; width-reduced)".</summary>
    [JsonIgnore]
    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"{Backbone} ({(IsBottleneck ? "bottleneck" : "basic")} blocks {string.Join('-', Stages)}, base width {BaseWidth}{(BaseWidth == 64 ? string.Empty : "; width-reduced")}, decoder width {DecoderWidth})");

    /// <summary>Parses "resnet50", "resnet18", optionally with a width: "resnet50:32", "resnet18:16".</summary>
    public static RoiArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var baseArchitecture = parts[0] switch
        {
            "resnet50" => ResNet50,
            "resnet18" => ResNet18Light,
            _ => throw new ArgumentException($"Unknown backbone '{text}': use resnet50 or resnet18, optionally with a base width (resnet18:16)."),
        };
        if (parts.Length == 1)
        {
            return baseArchitecture;
        }

        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width is < 4 or > 128 || width % 4 != 0)
        {
            throw new ArgumentException($"Bad backbone width in '{text}': a multiple of 4 from 4 to 128.");
        }

        return baseArchitecture with { BaseWidth = width, DecoderWidth = Math.Max(16, Math.Min(64, width * 2)) };
    }

    /// <summary>Throws when the record cannot describe a network (e.g. read from a damaged model file).</summary>
    public void Validate()
    {
        if (Backbone is not ("resnet50" or "resnet18") || BaseWidth is < 4 or > 128 || BaseWidth % 4 != 0
            || DecoderWidth is < 4 or > 256 || DecoderWidth % 4 != 0 || Channels is not (1 or 3) || Classes is < 1 or > 16)
        {
            throw new ArgumentException($"Not a valid ROI-mining architecture: {this}.");
        }
    }
}

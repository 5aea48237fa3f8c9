using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Part10;

/// <summary>One set of DCMTK-made files per test class: a CT slice in each native syntax and an img2dcm capture.</summary>
public sealed class DcmtkFilesFixture : IAsyncLifetime
{
    private readonly TempDirectory dir = new("dcg-dicom");

    public string Directory => dir.Path;

    public string Explicit { get; private set; } = string.Empty;

    public IReadOnlyDictionary<string, string> BySyntax { get; private set; } = new Dictionary<string, string>();

    public string SecondaryCapture { get; private set; } = string.Empty;

    /// <summary>The CT slice RLE-compressed by dcmcrle (encapsulated, one fragment per frame).</summary>
    public string Rle { get; private set; } = string.Empty;

    /// <summary>A 3-frame CT RLE-compressed by dcmcrle with a Basic Offset Table.</summary>
    public string RleMultiFrame { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Explicit = await DicomTestData.CtSliceAsync(dir.Path, "ct-source.dcm", 32, 48);
        var map = new Dictionary<string, string>();
        foreach (var (name, option) in DicomTestData.DcmconvSyntaxOptions)
        {
            map[name] = await DicomTestData.ConvertAsync(Explicit, dir.File($"ct-{name}.dcm"), option);
        }

        BySyntax = map;
        SecondaryCapture = await DicomTestData.FromImageAsync(dir.Path);
        (await DcmtkTools.RunAsync("dcmcrle", Explicit, dir.File("ct-rle.dcm"))).EnsureSuccess();
        Rle = dir.File("ct-rle.dcm");
        var multi = await DicomTestData.CtSliceAsync(dir.Path, "ct-3frames.dcm", 16, 16, 3);
        (await DcmtkTools.RunAsync("dcmcrle", "+ot", multi, dir.File("ct-3frames-rle.dcm"))).EnsureSuccess();
        RleMultiFrame = dir.File("ct-3frames-rle.dcm");
    }

    public Task DisposeAsync()
    {
        dir.Dispose();
        return Task.CompletedTask;
    }
}

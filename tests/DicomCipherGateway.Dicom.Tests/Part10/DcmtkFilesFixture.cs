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
    }

    public Task DisposeAsync()
    {
        dir.Dispose();
        return Task.CompletedTask;
    }
}

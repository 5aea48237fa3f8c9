using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>CT slices made by DCMTK in each native syntax and RLE, once per test class.</summary>
public sealed class InteropFilesFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dcg-net-interop");

    public IReadOnlyDictionary<string, string> BySyntax { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var source = await DicomTestData.CtSliceAsync(_dir.Path, "ct-source.dcm", 64, 64);
        var map = new Dictionary<string, string>();
        foreach (var (name, option) in DicomTestData.DcmconvSyntaxOptions)
        {
            map[name] = await DicomTestData.ConvertAsync(source, _dir.File($"ct-{name}.dcm"), option);
        }

        var rle = _dir.File("ct-rle.dcm");
        (await DcmtkTools.RunAsync("dcmcrle", source, rle)).EnsureSuccess();
        map["rle"] = rle;
        BySyntax = map;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

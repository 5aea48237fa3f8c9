using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>Three CT slices of one patient and study: two in one series, one in another.</summary>
public sealed class QueryRetrieveFilesFixture : IAsyncLifetime
{
    public const string StudyUid = "1.2.826.0.1.3680043.2.1125.2";
    public const string FirstSeriesUid = "1.2.826.0.1.3680043.2.1125.3";
    public const string SecondSeriesUid = "1.2.826.0.1.3680043.2.1125.3.2";

    private readonly TempDirectory _dir = new("dcg-qr-files");

    public IReadOnlyList<string> Paths { get; private set; } = [];

    public string Directory => _dir.Path;

    public IReadOnlyList<string> SopInstanceUids => [.. Paths.Select(p => DicomFile.Open(p).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' '))];

    public async Task InitializeAsync()
    {
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            paths.Add(await DicomTestData.CtSliceAsync(_dir.Path, $"ct{i}.dcm", 32 + i, 32));
        }

        (await DcmtkTools.RunAsync("dcmodify", ["-nb", "-m", $"(0020,000e)={SecondSeriesUid}", "-m", "(0020,0013)=2", paths[2]])).EnsureSuccess();
        Paths = paths;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

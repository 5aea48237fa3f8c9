using System.Reflection;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Tests.Registry;

/// <summary>The generated UID table against the source table it was generated from (tools/dictionary/uid-source.tsv).</summary>
public class UidDictionaryTests
{
    private static IReadOnlyList<(string Uid, string SourceKeyword)> Source()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Registry", "uid-source.tsv");
        var rows = File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1]))
            .ToList();
        Assert.True(rows.Count > 400, $"the source table {path} has only {rows.Count} rows");
        return rows;
    }

    [Fact]
    public void Every_uid_of_the_source_table_is_in_the_dictionary()
    {
        var missing = Source().Where(r => DicomDictionary.Default.LookupUid(r.Uid) is null).Select(r => $"{r.Uid} {r.SourceKeyword}").ToList();
        Assert.True(missing.Count == 0, "missing from the dictionary: " + string.Join(", ", missing));
    }

    [Fact]
    public void No_two_entries_share_a_keyword()
    {
        var clashes = DicomDictionary.Default.Uids.GroupBy(u => u.Keyword, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(u => u.Uid))}").ToList();
        Assert.True(clashes.Count == 0, "shared keywords: " + string.Join("; ", clashes));
    }

    [Fact]
    public void Every_DicomUids_property_names_its_own_entry_and_no_uid_twice()
    {
        var properties = typeof(DicomUids).GetProperties(BindingFlags.Public | BindingFlags.Static);
        Assert.True(properties.Length > 350);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            var uid = (DicomUid)property.GetValue(null)!;
            Assert.False(seen.TryGetValue(uid.Value, out var other), $"{property.Name} and {other} both name {uid.Value}");
            seen[uid.Value] = property.Name;
            var entry = DicomDictionary.Default.LookupUid(uid.Value);
            Assert.NotNull(entry);
            Assert.Equal(property.Name, entry.Keyword);
        }
    }

    [Fact]
    public void A_retired_uid_carries_the_Retired_suffix_and_the_plain_keyword_names_the_current_uid()
    {
        foreach (var entry in DicomDictionary.Default.Uids.Where(u => u.Type != "TransferSyntax"))
        {
            Assert.True(entry.IsRetired == entry.Keyword.EndsWith("Retired", StringComparison.Ordinal), $"{entry.Uid} {entry.Keyword} retired={entry.IsRetired}");
        }

        Assert.Equal("1.2.840.10008.5.1.4.1.1.6.1", DicomUids.UltrasoundImageStorage.Value);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.3.1", DicomUids.UltrasoundMultiframeImageStorage.Value);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.20", DicomUids.NuclearMedicineImageStorage.Value);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.6", DicomUids.UltrasoundImageStorageRetired.Value);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.3", DicomUids.UltrasoundMultiframeImageStorageRetired.Value);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.5", DicomUids.NuclearMedicineImageStorageRetired.Value);
        Assert.Equal("Ultrasound Image Storage (Retired)", DicomUids.UltrasoundImageStorageRetired.Name);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.88.1", DicomUids.SRTextStorageTrialRetired.Value);
    }

    [Fact]
    public void The_storage_catalogue_holds_current_and_retired_storage_classes_and_nothing_else()
    {
        string[] expected =
        [
            "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3.1", "1.2.840.10008.5.1.4.1.1.3",
            "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.5", "1.2.840.10008.5.1.4.1.1.481.5", "1.2.840.10008.5.1.4.1.1.481.3",
            "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.9.1.1", "1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.1.1",
            "1.2.840.10008.5.1.4.1.1.1.1.1", "1.2.840.10008.5.1.1.27", "1.2.840.10008.5.1.4.1.1.88.1", "1.2.840.10008.5.1.4.1.1.6.3",
        ];
        Assert.All(expected, uid => Assert.True(DicomStorageClasses.Contains(uid), uid));
        string[] notStorage =
        [
            DicomUids.VerificationSOPClass.Value, DicomUids.StorageCommitmentPushModelSOPClass.Value, DicomUids.MediaStorageDirectoryStorage.Value,
            DicomUids.GETStudyRootQueryRetrieveInformationModel.Value, "1.2.840.10008.1.2.1", "1.2.3.4",
        ];
        Assert.All(notStorage, uid => Assert.False(DicomStorageClasses.Contains(uid), uid));
        Assert.True(DicomStorageClasses.Current.Count > 150, $"{DicomStorageClasses.Current.Count} current storage classes");
        Assert.True(DicomStorageClasses.All.Count > DicomStorageClasses.Current.Count + 15);
        Assert.All(DicomStorageClasses.All, u => Assert.Equal("SOPClass", u.Type));
    }
}

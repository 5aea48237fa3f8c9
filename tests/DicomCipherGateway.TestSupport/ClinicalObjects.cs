using System.Globalization;
using System.Text;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// Small but valid objects of the classes a PACS study holds beyond CT/MR: ultrasound (single
/// and multi-frame), nuclear medicine, RT Plan, RT Structure Set, SR, 12-lead ECG and
/// Segmentation, each written by dump2dcm in Explicit VR Little Endian. One patient and study;
/// each object its own series. Nothing is downloaded.
/// </summary>
public static class ClinicalObjects
{
    public const string StudyUid = "1.2.826.0.1.3680043.2.1125.10.1";
    public const string FrameOfReferenceUid = "1.2.826.0.1.3680043.2.1125.10.2";

    /// <summary>A private SOP class no dictionary knows (for the promiscuous storage SCP).</summary>
    public const string UnknownSopClassUid = "1.2.826.0.1.3680043.2.1125.99.1.1";

    public static Task<string> UltrasoundAsync(string directory, string name = "us.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.6.1", "US", 1, $"""
            (0008,0008) CS [ORIGINAL\PRIMARY\ABDOMINAL]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US 16
            (0028,0011) US 20
            (0028,0100) US 8
            (0028,0101) US 8
            (0028,0102) US 7
            (0028,0103) US 0
            (0028,2110) CS [00]
            (7fe0,0010) OB {Bytes(16 * 20, 3)}
            """);

    public static Task<string> UltrasoundMultiframeAsync(string directory, string name = "us-mf.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.3.1", "US", 2, $"""
            (0008,0008) CS [ORIGINAL\PRIMARY\CARDIAC]
            (0018,1063) DS [33.3]
            (0028,0002) US 3
            (0028,0004) CS [RGB]
            (0028,0006) US 0
            (0028,0008) IS [3]
            (0028,0009) AT (0018,1063)
            (0028,0010) US 8
            (0028,0011) US 10
            (0028,0100) US 8
            (0028,0101) US 8
            (0028,0102) US 7
            (0028,0103) US 0
            (0028,2110) CS [00]
            (7fe0,0010) OB {Bytes(3 * 8 * 10 * 3, 7)}
            """);

    public static Task<string> NuclearMedicineAsync(string directory, string name = "nm.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.20", "NM", 3, $"""
            (0008,0008) CS [ORIGINAL\PRIMARY\STATIC\EMISSION]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0008) IS [2]
            (0028,0009) AT (0054,0010)\(0054,0020)
            (0028,0010) US 12
            (0028,0011) US 12
            (0028,0100) US 16
            (0028,0101) US 16
            (0028,0102) US 15
            (0028,0103) US 0
            (0054,0010) US 1\1
            (0054,0011) US 1
            (0054,0020) US 1\2
            (0054,0021) US 2
            (7fe0,0010) OW {Words(2 * 12 * 12, 11)}
            """);

    public static Task<string> RtPlanAsync(string directory, string name = "rtplan.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.481.5", "RTPLAN", 4, """
            (0008,1090) LO [TPS]
            (300a,0002) SH [PLAN1]
            (300a,0006) DA [20240101]
            (300a,000c) CS [PATIENT]
            (300a,0070) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=2)
                (300a,0071) IS [1]
                (300a,0078) IS [30]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (300c,0060) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=2)
                (0008,1150) UI =RTStructureSetStorage
                (0008,1155) UI [1.2.826.0.1.3680043.2.1125.10.5.1]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """);

    public static Task<string> RtStructureSetAsync(string directory, string name = "rtstruct.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.481.3", "RTSTRUCT", 5, $"""
            (3006,0002) SH [STRUCT1]
            (3006,0008) DA [20240101]
            (3006,0009) TM [120000]
            (3006,0020) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=4)
                (3006,0022) IS [1]
                (3006,0024) UI [{FrameOfReferenceUid}]
                (3006,0026) LO [BODY]
                (3006,0036) CS [MANUAL]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (3006,0039) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=3)
                (3006,002a) IS [255\0\0]
                (3006,0040) SQ (Sequence with undefined length #=1)
                  (fffe,e000) na (Item with undefined length #=4)
                    (3006,0042) CS [CLOSED_PLANAR]
                    (3006,0046) IS [3]
                    (3006,0050) DS [0\0\0\10\0\0\10\10\0]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                (3006,0084) IS [1]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (3006,0080) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=3)
                (3006,0082) IS [1]
                (3006,0084) IS [1]
                (3006,00a4) CS [EXTERNAL]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """);

    public static Task<string> StructuredReportAsync(string directory, string name = "sr.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.88.11", "SR", 6, """
            (0040,a040) CS [CONTAINER]
            (0040,a043) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=3)
                (0008,0100) SH [11528-7]
                (0008,0102) SH [LN]
                (0008,0104) LO [Radiology Report]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0040,a050) CS [SEPARATE]
            (0040,a491) CS [COMPLETE]
            (0040,a493) CS [UNVERIFIED]
            (0040,a730) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=4)
                (0040,a010) CS [CONTAINS]
                (0040,a040) CS [TEXT]
                (0040,a043) SQ (Sequence with undefined length #=1)
                  (fffe,e000) na (Item with undefined length #=3)
                    (0008,0100) SH [121071]
                    (0008,0102) SH [DCM]
                    (0008,0104) LO [Finding]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                (0040,a160) UT [No abnormality.]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """);

    /// <summary>12-Lead ECG Waveform Storage: one multiplex group of 12 channels, 16 samples each at 500 Hz.</summary>
    public static Task<string> TwelveLeadEcgAsync(string directory, string name = "ecg.dcm")
    {
        string[] leads = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];
        string[] codes = ["5.6.3-9-1", "5.6.3-9-2", "5.6.3-9-61", "5.6.3-9-62", "5.6.3-9-63", "5.6.3-9-64", "5.6.3-9-3", "5.6.3-9-4", "5.6.3-9-5", "5.6.3-9-6", "5.6.3-9-7", "5.6.3-9-8"];
        var channels = new StringBuilder();
        for (var i = 0; i < leads.Length; i++)
        {
            channels.Append(CultureInfo.InvariantCulture, $"""
                    (fffe,e000) na (Item with undefined length #=7)
                      (003a,0208) SQ (Sequence with undefined length #=1)
                        (fffe,e000) na (Item with undefined length #=3)
                          (0008,0100) SH [{codes[i]}]
                          (0008,0102) SH [SCPECG]
                          (0008,0104) LO [Lead {leads[i]}]
                        (fffe,e00d) na (ItemDelimitationItem)
                      (fffe,e0dd) na (SequenceDelimitationItem)
                      (003a,0210) DS [1]
                      (003a,0211) SQ (Sequence with undefined length #=1)
                        (fffe,e000) na (Item with undefined length #=3)
                          (0008,0100) SH [uV]
                          (0008,0102) SH [UCUM]
                          (0008,0104) LO [microvolt]
                        (fffe,e00d) na (ItemDelimitationItem)
                      (fffe,e0dd) na (SequenceDelimitationItem)
                      (003a,0212) DS [1]
                      (003a,0213) DS [0]
                      (003a,0214) DS [0]
                      (003a,021a) US 16
                    (fffe,e00d) na (ItemDelimitationItem)

                """);
        }

        return WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.9.1.1", "ECG", 7, $"""
            (0008,002a) DT [20240101120000]
            (5400,0100) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=7)
                (003a,0004) CS [ORIGINAL]
                (003a,0005) US 12
                (003a,0010) UL 16
                (003a,001a) DS [500]
                (003a,0200) SQ (Sequence with undefined length #={leads.Length})
            {channels}
                (fffe,e0dd) na (SequenceDelimitationItem)
                (5400,1004) US 16
                (5400,1006) CS [SS]
                (5400,1010) OW {Words(12 * 16, 5)}
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """);
    }

    /// <summary>A binary Segmentation: one segment, one 16×16 frame of 1-bit pixels.</summary>
    public static Task<string> SegmentationAsync(string directory, string name = "seg.dcm") =>
        WriteAsync(directory, name, "1.2.840.10008.5.1.4.1.1.66.4", "SEG", 8, $"""
            (0008,0008) CS [DERIVED\PRIMARY]
            (0008,0070) LO [DCG]
            (0018,1020) LO [1]
            (0020,0052) UI [{FrameOfReferenceUid}]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0008) IS [1]
            (0028,0010) US 16
            (0028,0011) US 16
            (0028,0100) US 1
            (0028,0101) US 1
            (0028,0102) US 0
            (0028,0103) US 0
            (0062,0001) CS [BINARY]
            (0062,0002) SQ (Sequence with undefined length #=1)
              (fffe,e000) na (Item with undefined length #=5)
                (0062,0003) SQ (Sequence with undefined length #=1)
                  (fffe,e000) na (Item with undefined length #=3)
                    (0008,0100) SH [91723000]
                    (0008,0102) SH [SCT]
                    (0008,0104) LO [Anatomical Structure]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                (0062,0004) US 1
                (0062,0005) LO [Organ]
                (0062,0008) CS [MANUAL]
                (0062,000f) SQ (Sequence with undefined length #=1)
                  (fffe,e000) na (Item with undefined length #=3)
                    (0008,0100) SH [10200004]
                    (0008,0102) SH [SCT]
                    (0008,0104) LO [Liver]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0062,0013) CS [NO]
            (7fe0,0010) OB {Bytes(16 * 16 / 8, 13)}
            """);

    /// <summary>An object of <see cref="UnknownSopClassUid"/>: a secondary-capture-like image under a private class.</summary>
    public static Task<string> UnknownClassAsync(string directory, string name = "unknown.dcm") =>
        WriteAsync(directory, name, UnknownSopClassUid, "OT", 9, $"""
            (0009,0010) LO [DCG TEST]
            (0009,1001) OB {Bytes(10, 17)}
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US 4
            (0028,0011) US 4
            (0028,0100) US 16
            (0028,0101) US 16
            (0028,0102) US 15
            (0028,0103) US 1
            (7fe0,0010) OW {Words(16, 19)}
            """);

    /// <summary>Every class of the mixed study, one object each.</summary>
    public static async Task<IReadOnlyList<string>> MixedStudyAsync(string directory) =>
    [
        await RtPlanAsync(directory).ConfigureAwait(false),
        await RtStructureSetAsync(directory).ConfigureAwait(false),
        await StructuredReportAsync(directory).ConfigureAwait(false),
        await TwelveLeadEcgAsync(directory).ConfigureAwait(false),
        await SegmentationAsync(directory).ConfigureAwait(false),
        await UltrasoundAsync(directory).ConfigureAwait(false),
        await UltrasoundMultiframeAsync(directory).ConfigureAwait(false),
        await NuclearMedicineAsync(directory).ConfigureAwait(false),
    ];

    private static Task<string> WriteAsync(string directory, string name, string sopClassUid, string modality, int series, string body)
    {
        var instance = $"1.2.826.0.1.3680043.2.1125.10.{series + 2}.1";
        var dump = $"""
            (0002,0002) UI [{sopClassUid}]
            (0002,0003) UI [{instance}]
            (0002,0010) UI =LittleEndianExplicit
            (0008,0005) CS [ISO_IR 100]
            (0008,0012) DA [20240101]
            (0008,0013) TM [120000]
            (0008,0016) UI [{sopClassUid}]
            (0008,0018) UI [{instance}]
            (0008,0020) DA [20240101]
            (0008,0023) DA [20240101]
            (0008,0030) TM [120000]
            (0008,0033) TM [120000]
            (0008,0050) SH [ACC10]
            (0008,0060) CS [{modality}]
            (0008,0070) LO [DCG]
            (0008,0090) PN [Referring^Doctor]
            (0010,0010) PN [Test^Mixed]
            (0010,0020) LO [PATMIX]
            (0010,0030) DA [19700101]
            (0010,0040) CS [O]
            (0020,000d) UI [{StudyUid}]
            (0020,000e) UI [1.2.826.0.1.3680043.2.1125.10.{series + 2}]
            (0020,0010) SH [STUDY10]
            (0020,0011) IS [{series}]
            (0020,0013) IS [1]
            (0020,0020) CS [A\P]
            {body}
            """;
        return DicomTestData.FromDumpAsync(directory, name, dump, "+E", "--update-meta-info", "+l", (dump.Length + 1024).ToString(CultureInfo.InvariantCulture));
    }

    private static string Bytes(int count, int seed) =>
        string.Join('\\', Enumerable.Range(0, count).Select(i => ((i * seed + 11) % 256).ToString("x2", CultureInfo.InvariantCulture)));

    private static string Words(int count, int seed) =>
        string.Join('\\', Enumerable.Range(0, count).Select(i => ((i * seed * 37 + 5) % 4096).ToString("x4", CultureInfo.InvariantCulture)));
}

using System.Text;

namespace DicomCipherGateway.Dicom.CharacterSets;

/// <summary>Defined terms of Specific Character Set (PS3.3 Tables C.12-2 to C.12-5) and their .NET encodings.</summary>
internal static class CharacterSetTerms
{
    private static readonly Lazy<bool> CodePagesRegistered = new(() =>
    {
        // Registering a provider is process-wide but idempotent and only adds encodings.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    public static Encoding EncodingFor(string term) => term switch
    {
        "ISO_IR 6" or "ISO 2022 IR 6" or "" => Encoding.Latin1,
        "ISO_IR 100" or "ISO 2022 IR 100" => Encoding.Latin1,
        "ISO_IR 192" => new UTF8Encoding(false, false),
        "ISO_IR 101" or "ISO 2022 IR 101" => CodePage(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => CodePage(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => CodePage(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => CodePage(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => CodePage(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => CodePage(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => CodePage(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => CodePage(28599),
        "ISO_IR 203" or "ISO 2022 IR 203" => CodePage(28605),
        "ISO_IR 166" or "ISO 2022 IR 166" => CodePage(874),
        "ISO_IR 13" or "ISO 2022 IR 13" => CodePage(932),
        "GB18030" => CodePage(54936),
        "GBK" => CodePage(936),
        "ISO 2022 IR 87" or "ISO 2022 IR 159" => CodePage(51932),
        "ISO 2022 IR 149" => CodePage(51949),
        "ISO 2022 IR 58" => CodePage(936),
        _ => throw new DicomCharacterSetException($"Specific Character Set '{term}' is not a defined term this library supports."),
    };

    public static Encoding CodePage(int codePage)
    {
        _ = CodePagesRegistered.Value;
        return Encoding.GetEncoding(codePage);
    }
}

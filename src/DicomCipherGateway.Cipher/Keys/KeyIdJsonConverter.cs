using System.Text.Json;
using System.Text.Json.Serialization;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>Writes a <see cref="KeyId"/> as its 32 hex digits in the key file's metadata JSON.</summary>
internal sealed class KeyIdJsonConverter : JsonConverter<KeyId>
{
    public override KeyId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KeyId.Parse(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, KeyId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

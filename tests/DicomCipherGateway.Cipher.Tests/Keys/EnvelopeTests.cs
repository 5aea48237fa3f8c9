using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Cipher.Tests.Keys;

public sealed class EnvelopeTests : IDisposable
{
    private readonly CipherKey key = TinyKeys.Create(5);

    public void Dispose() => key.Dispose();

    [Fact]
    public void Seal_then_open_returns_the_payload_and_names_the_key()
    {
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var envelope = key.Seal(payload, "1.2.3.4"u8);
        Assert.Equal(key.Id, CipherKey.EnvelopeKeyId(envelope));
        Assert.Equal(payload, key.Open(envelope, "1.2.3.4"u8));
        Assert.Empty(key.Open(key.Seal([], "x"u8), "x"u8));
    }

    [Fact]
    public void Each_seal_uses_fresh_keys_and_nonces()
    {
        var a = key.Seal("same"u8, "aad"u8);
        var b = key.Seal("same"u8, "aad"u8);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Every_flipped_byte_is_detected()
    {
        var envelope = key.Seal("some pixel bytes"u8, "aad"u8);
        for (var i = 0; i < envelope.Length; i++)
        {
            var altered = (byte[])envelope.Clone();
            altered[i] ^= 1;
            Assert.Throws<SealedEnvelopeException>(() => key.Open(altered, "aad"u8));
        }
    }

    [Fact]
    public void Other_associated_data_truncation_and_another_key_are_refused()
    {
        var envelope = key.Seal("pixels"u8, "1.2.3"u8);
        var ex = Assert.Throws<SealedEnvelopeException>(() => key.Open(envelope, "1.2.4"u8));
        Assert.Contains("associated data", ex.Reason);
        Assert.Contains("truncated", Assert.Throws<SealedEnvelopeException>(() => key.Open(envelope[..50], "1.2.3"u8)).Reason);
        Assert.Throws<SealedEnvelopeException>(() => key.Open(envelope[..^1], "1.2.3"u8));
        using var other = TinyKeys.Create(6);
        Assert.Contains(key.Id.ToString(), Assert.Throws<SealedEnvelopeException>(() => other.Open(envelope, "1.2.3"u8)).Reason);
    }
}

using DicomCipherGateway.Cipher.Engine;

namespace DicomCipherGateway.Cipher.Tests;

public class CipherProfileTests
{
    [Fact]
    public void The_sealed_profile_is_the_default_value()
    {
        // The architecture makes dlednet-sealed the default: a zero-initialised option must pick it.
        Assert.Equal(CipherProfile.DlednetSealed, default(CipherProfile));
    }
}

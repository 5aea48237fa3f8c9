using DicomCipherGateway.Cipher.Torch;

namespace DicomCipherGateway.Cipher.Tests;

public class NativeAllocatorTuningTests
{
    [Fact]
    public void The_thresholds_are_applied_on_linux_with_glibc()
    {
        // The CI and deployment hosts are Debian (glibc): the tuning must really reach mallopt there.
        var glibc = OperatingSystem.IsLinux() && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6"));
        Assert.Equal(glibc, NativeAllocatorTuning.Apply());
    }
}

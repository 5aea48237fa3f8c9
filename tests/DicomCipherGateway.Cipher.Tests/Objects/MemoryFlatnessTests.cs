using System.Diagnostics;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Synthetic;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>
/// Memory stays flat over many objects. Process memory is process-wide, so this runs in a
/// collection of its own with parallelisation off: other tests' tensors must not count.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class MemoryFlatnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Memory_stays_flat_over_a_thousand_encryptions()
    {
        using var key = TinyKeys.Create(23);
        var generator = new ChestRadiographGenerator();
        var originals = Enumerable.Range(1, 8).Select(seed => SyntheticStudy.ToDicomFile(generator.Generate(seed, 64, 64), DateTime.UtcNow)).ToArray();
        var encryptor = new DicomObjectEncryptor(key);
        var decryptor = new DicomObjectDecryptor(_ => key);
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var ciphertext = encryptor.Encrypt(originals[i % originals.Length]);
                if (i % 10 == 0)
                {
                    decryptor.Decrypt(ciphertext);
                }
            }
        }

        Run(100);
        var (managedBefore, processBefore) = Measure();
        var watch = Stopwatch.StartNew();
        Run(1000);
        var (managedAfter, processAfter) = Measure();
        output.WriteLine($"1000 encryptions (64×64) + 100 decryptions in {watch.Elapsed.TotalSeconds:F1} s; managed {managedBefore / 1e6:F1} → {managedAfter / 1e6:F1} MB, process private {processBefore / 1e6:F1} → {processAfter / 1e6:F1} MB");
        Assert.True(managedAfter - managedBefore < 16_000_000, "managed memory grew");
        Assert.True(processAfter - processBefore < 64_000_000, "process (native) memory grew");
    }

    private static (long Managed, long Process) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.PrivateMemorySize64);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement (runs alone)";
}

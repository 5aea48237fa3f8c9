using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>Deterministic test images: runs, ramps and noise, so that RLE meets every kind of run.</summary>
internal static class TestImages
{
    /// <summary>Samples of every frame, each in the description's stored range and sample order.</summary>
    public static long[][] Samples(PixelDataDescription d, int seed)
    {
        var random = new Random(seed);
        var frames = new long[d.NumberOfFrames][];
        var range = d.MaxStoredValue - d.MinStoredValue + 1;
        for (var f = 0; f < d.NumberOfFrames; f++)
        {
            var samples = new long[d.SamplesPerFrame];
            var i = 0;
            while (i < samples.Length)
            {
                var kind = random.Next(4);
                var length = Math.Min(samples.Length - i, random.Next(1, 300));
                var value = d.MinStoredValue + (long)(random.NextDouble() * range);
                for (var k = 0; k < length; k++, i++)
                {
                    samples[i] = kind switch
                    {
                        0 => value,                                                   // a flat run
                        1 => d.MinStoredValue + ((value - d.MinStoredValue + k) % range), // a ramp
                        2 => random.Next(2) == 0 ? d.MinStoredValue : d.MaxStoredValue,   // extremes
                        _ => d.MinStoredValue + (long)(random.NextDouble() * range),     // noise
                    };
                }
            }

            frames[f] = samples;
        }

        return frames;
    }

    public static byte[][] Frames(PixelDataDescription d, long[][] samples) =>
        samples.Select(s => FrameSamples.ToFrame<long>(d, s)).ToArray();

    public static byte[] PixelData(PixelDataDescription d, long[][] samples) =>
        NativePixelData.Encode(d, Frames(d, samples).Select(f => (ReadOnlyMemory<byte>)f));

    public static PixelDataDescription Case(string name) => name switch
    {
        "mono8" => PixelDataDescription.Create(64, 48, 8, 8),
        "mono8-odd" => PixelDataDescription.Create(7, 9, 8, 8, numberOfFrames: 3),
        "mono16u12" => PixelDataDescription.Create(40, 33, 16, 12),
        "mono16u" => PixelDataDescription.Create(37, 30, 16, 16, photometricInterpretation: PhotometricInterpretation.Monochrome1),
        "mono16s" => PixelDataDescription.Create(32, 32, 16, 16, PixelRepresentation.Signed),
        "mono16s12" => PixelDataDescription.Create(33, 17, 16, 12, PixelRepresentation.Signed),
        "rgb8" => PixelDataDescription.Create(31, 20, 8, 8, photometricInterpretation: PhotometricInterpretation.Rgb),
        "rgb8-planar" => PixelDataDescription.Create(20, 31, 8, 8, photometricInterpretation: PhotometricInterpretation.Rgb, planarConfiguration: PlanarConfiguration.Planar),
        "ybr8" => PixelDataDescription.Create(16, 16, 8, 8, photometricInterpretation: PhotometricInterpretation.YbrFull),
        "rgb16" => PixelDataDescription.Create(12, 10, 16, 16, photometricInterpretation: PhotometricInterpretation.Rgb),
        "mono8x5" => PixelDataDescription.Create(30, 26, 8, 8, numberOfFrames: 5),
        "mono16sx3" => PixelDataDescription.Create(25, 24, 16, 16, PixelRepresentation.Signed, numberOfFrames: 3),
        "rgb8x4" => PixelDataDescription.Create(9, 11, 8, 8, photometricInterpretation: PhotometricInterpretation.Rgb, numberOfFrames: 4),
        "mono32" => PixelDataDescription.Create(10, 12, 32, 32),
        "mono32s" => PixelDataDescription.Create(10, 12, 32, 32, PixelRepresentation.Signed, numberOfFrames: 2),
        "bits5x5x3" => PixelDataDescription.Create(5, 5, 1, 1, numberOfFrames: 3),
        "bits7x9x2" => PixelDataDescription.Create(7, 9, 1, 1, numberOfFrames: 2, photometricInterpretation: PhotometricInterpretation.Monochrome1),
        "palette8" => PixelDataDescription.Create(10, 10, 8, 8, photometricInterpretation: PhotometricInterpretation.PaletteColor),
        _ => throw new ArgumentException(name),
    };
}

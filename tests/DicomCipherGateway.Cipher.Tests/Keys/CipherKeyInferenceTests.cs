using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Tests.Keys;

public sealed class CipherKeyInferenceTests : IDisposable
{
    private readonly CipherKey key = TinyKeys.Create(12);

    public void Dispose() => key.Dispose();

    [Fact]
    public void The_fast_path_gives_the_module_result()
    {
        var frames = new[] { SmoothImages.Create(50, 34, 1), SmoothImages.Create(50, 34, 2), SmoothImages.Create(20, 28, 3) };
        var reference = key.Encrypt(frames, new InferenceOptions(FastPath: false));
        var fast = key.Encrypt(frames);
        Assert.Equal(3, fast.Count);
        for (var i = 0; i < frames.Length; i++)
        {
            Assert.Equal((frames[i].Width, frames[i].Height), (fast[i].Width, fast[i].Height));
            Assert.True(MaxDiff(reference[i], fast[i]) < 1e-4f);
        }
    }

    [Fact]
    public void A_frame_larger_than_a_tile_gives_the_whole_image_result()
    {
        var frame = SmoothImages.Create(210, 150, 4);
        var whole = key.Encrypt([frame], new InferenceOptions(TileSize: 1024))[0];
        var tiled = key.Encrypt([frame], new InferenceOptions(TileSize: 64))[0];
        Assert.True(MaxDiff(whole, tiled) < 1e-5f);
        var decrypted = key.Decrypt([whole], new InferenceOptions(TileSize: 64, Precision: InferencePrecision.BFloat16))[0];
        Assert.Equal(frame.Pixels.Length, decrypted.Pixels.Length);
    }

    [Fact]
    public void No_tensor_outlives_an_encryption()
    {
        // Memory stays flat: after warm-up (folded weights built once), every tensor made per frame is disposed.
        var frame = SmoothImages.Create(36, 28, 6);
        var view = key.Encrypt([frame])[0];
        key.Decrypt([view]);
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 200; i++)
        {
            view = key.Encrypt([frame], new InferenceOptions(TileSize: 16))[0];
            key.Decrypt([view]);
        }

        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Frames_of_the_wrong_channel_count_are_refused()
    {
        Assert.Throws<ArgumentException>(() => key.Encrypt([SmoothImages.Create(20, 20, 1, channels: 3)]));
    }

    private static float MaxDiff(FloatImage a, FloatImage b) => a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Max();
}

using DicomCipherGateway.Cipher.Networks;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>The outcome of key generation: G and F in eval mode, what the training was, and its loss history.</summary>
public sealed class TrainedNetworks : IDisposable
{
    internal TrainedNetworks(CipherNetwork encryptor, CipherNetwork decryptor, TrainingSummary summary, IReadOnlyList<TrainingProgress> history)
    {
        Encryptor = encryptor;
        Decryptor = decryptor;
        Summary = summary;
        History = history;
    }

    /// <summary>Shape of G and F.</summary>
    public DlednetArchitecture Architecture => Encryptor.Architecture;

    /// <summary>Training metadata for the key file.</summary>
    public TrainingSummary Summary { get; }

    /// <summary>Losses over the run (one entry per report interval).</summary>
    public IReadOnlyList<TrainingProgress> History { get; }

    internal CipherNetwork Encryptor { get; }

    internal CipherNetwork Decryptor { get; }

    /// <summary>Set when a <see cref="Keys.CipherKey"/> took the networks over: it disposes them then.</summary>
    internal bool Transferred { get; private set; }

    internal void Transfer()
    {
        if (Transferred)
        {
            throw new InvalidOperationException("These networks already belong to a key.");
        }

        Transferred = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!Transferred)
        {
            Encryptor.Dispose();
            Decryptor.Dispose();
        }
    }
}

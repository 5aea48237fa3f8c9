using System.Text.Json.Serialization;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>What a ROI model file says about the model (the JSON part of the file).</summary>
/// <param name="KeyId">The key whose views the model was trained on (32 hex digits), or "plaintext".</param>
/// <param name="Architecture">The network's shape.</param>
/// <param name="Loss">"mse" or "dice-bce".</param>
/// <param name="Organs">Segment labels in output-channel order.</param>
/// <param name="Steps">Training steps taken.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="TrainingImages">Number of training images.</param>
/// <param name="ImageSize">Width×height of the training images.</param>
/// <param name="TrainingSeconds">Wall time of training.</param>
/// <param name="ValidationDiceLeft">Mean Dice of the patient's left lung on the validation set at the end (NaN: none).</param>
/// <param name="ValidationDiceRight">Likewise for the right lung.</param>
/// <param name="Created">UTC.</param>
/// <param name="WeightsSha256">SHA-256 of the weight bytes (hex).</param>
public sealed record RoiModelMetadata(
    string KeyId,
    RoiArchitecture Architecture,
    string Loss,
    IReadOnlyList<string> Organs,
    int Steps,
    int BatchSize,
    int TrainingImages,
    string ImageSize,
    double TrainingSeconds,
    double ValidationDiceLeft,
    double ValidationDiceRight,
    DateTimeOffset Created,
    string WeightsSha256)
{
    /// <summary>The domain name of plaintext models.</summary>
    public const string Plaintext = "plaintext";

    /// <summary>True for a model trained on plaintext.</summary>
    [JsonIgnore]
    public bool IsPlaintext => KeyId == Plaintext;
}

/// <summary>One line of a training run's history.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps of the run.</param>
/// <param name="Loss">Mean training loss since the previous report.</param>
/// <param name="ValidationDiceLeft">Mean validation Dice of the left lung (NaN when not validated at this step).</param>
/// <param name="ValidationDiceRight">Likewise for the right lung.</param>
/// <param name="LearningRate">The rate of the last step.</param>
/// <param name="Elapsed">Wall time since the start (including resumed parts).</param>
public sealed record RoiTrainingProgress(int Step, int TotalSteps, double Loss, double ValidationDiceLeft, double ValidationDiceRight, double LearningRate, TimeSpan Elapsed);

using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>The training loss of a ROI-mining network.</summary>
public enum RoiLossKind
{
    /// <summary>The paper's eq. 9: mean squared error between the predicted probabilities and the 0/1 masks.</summary>
    Mse = 0,

    /// <summary>Binary cross-entropy on the logits plus a soft Dice loss per organ (a common choice for thin or small structures).</summary>
    DiceBce = 1,
}

/// <summary>The loss functions, written with held Scalars only (no implicit double→Scalar per step).</summary>
internal static class RoiLoss
{
    public static RoiLossKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mse" => RoiLossKind.Mse,
        "dice-bce" or "dicebce" or "dice+bce" => RoiLossKind.DiceBce,
        _ => throw new ArgumentException($"Unknown loss '{text}': use mse (the paper's) or dice-bce."),
    };

    public static string Name(RoiLossKind kind) => kind == RoiLossKind.Mse ? "mse" : "dice-bce";

    /// <summary>The loss of <paramref name="logits"/> against 0/1 <paramref name="masks"/> (both [N, classes, H, W]).</summary>
    public static Tensor Compute(RoiLossKind kind, Tensor logits, Tensor masks)
    {
        if (kind == RoiLossKind.Mse)
        {
            return functional.mse_loss(torch.sigmoid(logits), masks);
        }

        var bce = functional.binary_cross_entropy_with_logits(logits, masks);
        var p = torch.sigmoid(logits);
        long[] spatial = [2, 3];
        var intersection = p.mul(masks).sum(spatial);
        var total = p.sum(spatial).Plus(masks.sum(spatial));

        // Smoothing 1 (HeldScalars.One): an empty mask and an empty prediction count as a match.
        var dice = intersection.mul(HeldScalars.Two).Plus(HeldScalars.One).div(total.Plus(HeldScalars.One));
        return bce.Plus(dice.mean().neg().Plus(HeldScalars.One));
    }
}

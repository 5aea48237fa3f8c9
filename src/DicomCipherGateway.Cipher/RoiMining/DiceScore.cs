namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>The Dice coefficient of eq. 14: |A ∩ B| / ((|A| + |B|) / 2) on 0/1 masks.</summary>
public static class DiceScore
{
    /// <summary>Dice of two masks of equal length; 1 when both are empty.</summary>
    public static double Compute(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"Masks of {truth.Length} and {predicted.Length} pixels cannot be compared.");
        }

        long both = 0, a = 0, b = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var t = truth[i] != 0;
            var p = predicted[i] != 0;
            a += t ? 1 : 0;
            b += p ? 1 : 0;
            both += t && p ? 1 : 0;
        }

        return a + b == 0 ? 1 : 2.0 * both / (a + b);
    }
}

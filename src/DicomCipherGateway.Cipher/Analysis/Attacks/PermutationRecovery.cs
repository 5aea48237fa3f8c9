namespace DicomCipherGateway.Cipher.Analysis.Attacks;

/// <summary>
/// The classic known-plaintext attack on a permutation-only cipher: a cipher position j can only
/// come from plain positions holding the same value in every known pair, so a few pairs pin the
/// permutation down (Li et al. 2008). Ambiguous positions take any candidate; unmatched ones stay grey.
/// </summary>
public static class PermutationRecovery
{
    /// <summary>For each cipher position the plain position it most likely came from (−1: none).</summary>
    public static int[] Recover(IReadOnlyList<byte[]> plaintexts, IReadOnlyList<byte[]> ciphertexts)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        ArgumentNullException.ThrowIfNull(ciphertexts);
        var n = plaintexts[0].Length;
        var candidates = new Dictionary<ulong, Queue<int>>();
        for (var i = 0; i < n; i++)
        {
            var key = Signature(plaintexts, i);
            if (!candidates.TryGetValue(key, out var queue))
            {
                candidates[key] = queue = new Queue<int>();
            }

            queue.Enqueue(i);
        }

        var mapping = new int[n];
        for (var j = 0; j < n; j++)
        {
            mapping[j] = candidates.TryGetValue(Signature(ciphertexts, j), out var queue) && queue.Count > 0 ? queue.Dequeue() : -1;
        }

        return mapping;
    }

    /// <summary>Undoes the recovered permutation on another ciphertext.</summary>
    public static byte[] Apply(int[] mapping, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var plain = new byte[ciphertext.Length];
        Array.Fill(plain, (byte)128);
        for (var j = 0; j < mapping.Length; j++)
        {
            if (mapping[j] >= 0)
            {
                plain[mapping[j]] = ciphertext[j];
            }
        }

        return plain;
    }

    private static ulong Signature(IReadOnlyList<byte[]> images, int position)
    {
        var hash = 14695981039346656037UL;
        foreach (var image in images)
        {
            hash = (hash ^ image[position]) * 1099511628211UL;
        }

        return hash;
    }
}

namespace DicomCipherGateway.Cipher.Synthetic;

/// <summary>Connected-component clean-up of binary masks (4-connectivity).</summary>
internal static class MaskComponents
{
    /// <summary>
    /// Clears every component but the largest, so that a lung mask is one region (slivers where
    /// the heart's edge meets the diaphragm dome would otherwise survive).
    /// </summary>
    public static void KeepLargest(byte[] mask, int width, int height)
    {
        var label = new int[mask.Length];
        var queue = new int[mask.Length];
        var best = 0;
        var bestSize = 0;
        var next = 0;
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || label[start] != 0)
            {
                continue;
            }

            next++;
            var size = Flood(mask, label, queue, width, height, start, next);
            if (size > bestSize)
            {
                bestSize = size;
                best = next;
            }
        }

        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0 && label[i] != best)
            {
                mask[i] = 0;
            }
        }
    }

    private static int Flood(byte[] mask, int[] label, int[] queue, int width, int height, int start, int id)
    {
        var head = 0;
        var tail = 0;
        queue[tail++] = start;
        label[start] = id;
        while (head < tail)
        {
            var i = queue[head++];
            var x = i % width;
            var y = i / width;
            Visit(x > 0 ? i - 1 : -1);
            Visit(x < width - 1 ? i + 1 : -1);
            Visit(y > 0 ? i - width : -1);
            Visit(y < height - 1 ? i + width : -1);
        }

        return tail;

        void Visit(int n)
        {
            if (n >= 0 && mask[n] != 0 && label[n] == 0)
            {
                label[n] = id;
                queue[tail++] = n;
            }
        }
    }
}

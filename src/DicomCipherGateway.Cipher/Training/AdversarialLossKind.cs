namespace DicomCipherGateway.Cipher.Training;

/// <summary>How D scores and how G is pushed toward the hidden-factor domain.</summary>
public enum AdversarialLossKind
{
    /// <summary>Logistic loss of the original GAN (the paper's Eq. 1).</summary>
    BinaryCrossEntropy,

    /// <summary>Least-squares loss (LSGAN), which CycleGAN uses: gentler gradients when D is sure.</summary>
    LeastSquares,
}

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>What to do with an object that carries no ciphertext envelope and no remnant of one.</summary>
public enum LegacyPlaintextRule
{
    /// <summary>Refuse it (the default): every object is expected to be a ciphertext object.</summary>
    Refuse,

    /// <summary>Pass it unchanged when its creation date (<see cref="DecryptionPolicy.CreationDateOf"/>) is before <see cref="DecryptionPolicy.LegacyCutover"/>.</summary>
    AllowCreatedBeforeCutover,

    /// <summary>Pass every such object unchanged (a site still migrating; weakest).</summary>
    Allow,
}

/// <summary>
/// How strictly <see cref="DicomObjectDecryptor"/> treats what comes back from the PACS
/// (docs/ciphertext-object.md, "Strict decryption"). The default, <see cref="Strict"/>, refuses
/// legacy plaintext and reports (without refusing) identity attributes changed since encryption.
/// Remnants of a ciphertext object, a changed pixel module and changed presentation attributes are
/// always refused, whatever the policy.
/// </summary>
public sealed record DecryptionPolicy
{
    /// <summary>Refuse legacy plaintext; report identity changes.</summary>
    public static DecryptionPolicy Strict { get; } = new();

    /// <summary>Legacy plaintext: refused (default), allowed before a cut-over date, or allowed.</summary>
    public LegacyPlaintextRule LegacyPlaintext { get; init; } = LegacyPlaintextRule.Refuse;

    /// <summary>The date the gateway started encrypting; needed by <see cref="LegacyPlaintextRule.AllowCreatedBeforeCutover"/>. Objects created on or after it are refused.</summary>
    public DateOnly? LegacyCutover { get; init; }

    /// <summary>Refuse (instead of only reporting) an object whose identity attributes (patient, study, series) changed since encryption.</summary>
    public bool RefuseIdentityChanges { get; init; }

    /// <summary>Throws when the policy is incomplete (a cut-over rule without a date).</summary>
    public void Validate()
    {
        if (LegacyPlaintext == LegacyPlaintextRule.AllowCreatedBeforeCutover && LegacyCutover is null)
        {
            throw new ArgumentException("The legacy-plaintext rule AllowCreatedBeforeCutover needs a LegacyCutover date.");
        }
    }

    /// <summary>
    /// The date a legacy object was created, as the cut-over rule reads it: Instance Creation Date
    /// (0008,0012), else Content Date (0008,0023); null when it has neither (then it is refused).
    /// Study Date is deliberately not used: an object derived later from an old study has an old
    /// Study Date but was created after the cut-over, and should have gone through the gateway.
    /// </summary>
    public static (DateOnly Date, string Attribute)? CreationDateOf(DicomCipherGateway.Dicom.Model.DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var (tag, name) in new[] { (new DicomCipherGateway.Dicom.Model.DicomTag(0x00080012), "Instance Creation Date (0008,0012)"), (new DicomCipherGateway.Dicom.Model.DicomTag(0x00080023), "Content Date (0008,0023)") })
        {
            var text = dataset.GetString(tag)?.Trim();
            if (!string.IsNullOrEmpty(text))
            {
                return DateOnly.TryParseExact(text, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                    ? (date, name)
                    : null;
            }
        }

        return null;
    }
}

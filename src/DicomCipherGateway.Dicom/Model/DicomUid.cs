using DicomCipherGateway.Dicom.Dictionary;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>A unique identifier (PS3.5 §9) as an immutable value; names come from the PS3.6 registry.</summary>
public readonly record struct DicomUid(string Value)
{
    /// <summary>The registered name, or null for a UID the registry does not know.</summary>
    public string? Name => DicomDictionary.Default.LookupUid(Value)?.Name;

    /// <summary>True when the value is a syntactically valid UID (digits and dots, no leading zeros, at most 64 chars).</summary>
    public bool IsValid
    {
        get
        {
            var v = Value;
            if (string.IsNullOrEmpty(v) || v.Length > 64)
            {
                return false;
            }

            var start = 0;
            for (var i = 0; i <= v.Length; i++)
            {
                if (i == v.Length || v[i] == '.')
                {
                    var len = i - start;
                    if (len == 0 || (len > 1 && v[start] == '0'))
                    {
                        return false;
                    }

                    start = i + 1;
                }
                else if (v[i] is < '0' or > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A new UID under the UUID-derived root 2.25 (PS3.5 §B.2), unique without a registered root.</summary>
    public static DicomUid Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        var number = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return new DicomUid("2.25." + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => Value;
}

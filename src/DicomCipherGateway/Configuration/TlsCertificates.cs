using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Configuration;

/// <summary>Loads Gateway:Tls's PEM files and checks peer certificates against its CA.</summary>
internal static class TlsCertificates
{
    public static X509Certificate2? LoadCertificate(TlsOptions tls)
    {
        if (tls.Certificate is null || tls.Key is null)
        {
            return null;
        }

        using var pem = X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key);

        // Through PKCS#12 so that SslStream on Linux gets a key it can use.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public static X509Certificate2Collection? LoadCa(TlsOptions tls)
    {
        if (tls.Ca is null)
        {
            return null;
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(tls.Ca);
        return collection;
    }

    public static bool ChainsTo(X509Certificate? certificate, X509Certificate2Collection ca, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}

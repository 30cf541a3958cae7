using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.Curl;

/// <summary>
/// CURLINFO_CERTINFO as libcurl's OpenSSL backend fills it: per certificate the server sent (leaf first) a list of
/// "Name:value" items — Subject, Issuer, Version, Serial Number, Signature Algorithm, Public Key Algorithm, the
/// X509v3 extensions, Signature, Start date, Expire date, RSA Public Key / rsa(n) / rsa(e) for RSA keys, and Cert
/// (the PEM). Names print in OpenSSL's one-line form ("C = DE, O = Example, CN = host").
/// </summary>
static class CertInfo
{
    /// <summary>The items of one certificate, in curl's order.</summary>
    public static List<string> Items(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        var items = new List<string>
        {
            "Subject:" + OneLine(cert.SubjectName),
            "Issuer:" + OneLine(cert.IssuerName),
            "Version:" + (cert.Version - 1).ToString("x", CultureInfo.InvariantCulture),
            "Serial Number:" + Convert.ToHexStringLower(cert.SerialNumberBytes.Span),
            "Signature Algorithm:" + OidName(cert.SignatureAlgorithm),
            "Public Key Algorithm:" + OidName(cert.PublicKey.Oid),
        };
        foreach (var e in cert.Extensions)
            items.Add($"{e.Oid?.FriendlyName ?? e.Oid?.Value}:{e.Format(false).Trim()}");
        items.Add("Signature:" + string.Concat(SignatureBytes(der).Select(b => b.ToString("x2") + ":")));
        items.Add("Start date:" + AsnTime(cert.NotBefore));
        items.Add("Expire date:" + AsnTime(cert.NotAfter));
        using (var rsa = cert.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                var p = rsa.ExportParameters(false);
                items.Add("RSA Public Key:" + rsa.KeySize.ToString(CultureInfo.InvariantCulture));
                items.Add("rsa(n):" + BigHex(p.Modulus!));
                items.Add("rsa(e):" + BigHex(p.Exponent!));
            }
        }
        items.Add("Cert:" + cert.ExportCertificatePem() + "\n");
        return items;
    }

    /// <summary>CURL.GetCertInfo's text: each certificate's items one per line, an empty line between
    /// certificates.</summary>
    public static string Text(IReadOnlyList<byte[]> chain) =>
        string.Join("\n\n", chain.Select(der => string.Join("\n", Items(der)).TrimEnd('\n')));

    /// <summary>X509_NAME_print_ex with XN_FLAG_ONELINE: the RDNs in certificate order, "SN = value", ", "
    /// between.</summary>
    static string OneLine(X500DistinguishedName name) =>
        string.Join(", ", name.EnumerateRelativeDistinguishedNames(reversed: false).Select(rdn =>
            rdn.HasMultipleElements ? new X500DistinguishedName(rdn.RawData.Span).Name
                : $"{ShortName(rdn.GetSingleElementType().Value)} = {rdn.GetSingleElementValue()}"));

    static string ShortName(string? oid) => oid switch
    {
        "2.5.4.3" => "CN", "2.5.4.6" => "C", "2.5.4.7" => "L", "2.5.4.8" => "ST", "2.5.4.10" => "O",
        "2.5.4.11" => "OU", "2.5.4.5" => "serialNumber", "2.5.4.9" => "street", "2.5.4.17" => "postalCode",
        "1.2.840.113549.1.9.1" => "emailAddress", "0.9.2342.19200300.100.1.25" => "DC",
        _ => oid ?? "",
    };

    // OpenSSL's long names, which curl prints (i2a_ASN1_OBJECT); the dotted OID for others.
    static string OidName(Oid? oid) => oid?.Value switch
    {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.2.1" => "id-ecPublicKey",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        _ => oid?.Value ?? "",
    };

    /// <summary>ASN1_TIME_print: "Jan  2 03:04:05 2026 GMT".</summary>
    static string AsnTime(DateTime local)
    {
        var t = local.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture,
            $"{t:MMM} {t.Day,2} {t:HH:mm:ss} {t.Year} GMT");
    }

    /// <summary>BN_print: upper-case hex without leading zeros.</summary>
    static string BigHex(byte[] bytes)
    {
        var hex = Convert.ToHexString(bytes).TrimStart('0');
        return hex.Length == 0 ? "0" : hex;
    }

    /// <summary>The signatureValue BIT STRING of Certificate ::= SEQUENCE { tbs, algorithm, signature }.</summary>
    static byte[] SignatureBytes(byte[] der)
    {
        try
        {
            var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            certificate.ReadEncodedValue(); // tbsCertificate
            certificate.ReadEncodedValue(); // signatureAlgorithm
            return certificate.ReadBitString(out _);
        }
        catch (AsnContentException) { return []; }
    }
}

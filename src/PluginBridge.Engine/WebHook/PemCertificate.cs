using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PluginBridge.Engine.WebHook;

/// <summary>Loads WebHook.SetSSL's PEM certificate (optionally followed by its chain) and private key.</summary>
static class PemCertificate
{
    public static SslStreamCertificateContext Load(string certificateFile, string privateKeyFile, string password)
    {
        if (!File.Exists(certificateFile)) throw new MbsException(
            $"Certificate file not found: {MbsException.Echo(certificateFile)}. Pass the path of a PEM file.");
        if (!File.Exists(privateKeyFile)) throw new MbsException(
            $"Private key file not found: {MbsException.Echo(privateKeyFile)}. Pass the path of a PEM file.");
        X509Certificate2 leaf;
        X509Certificate2Collection all = [];
        try
        {
            leaf = password.Length == 0
                ? X509Certificate2.CreateFromPemFile(certificateFile, privateKeyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, privateKeyFile);
            all.ImportFromPemFile(certificateFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new MbsException($"Cannot load the certificate {MbsException.Echo(certificateFile)} with the key " +
                $"{MbsException.Echo(privateKeyFile)}: {MbsException.Echo(e.Message.TrimEnd('.'))}. Both must be PEM " +
                $"files that belong together; an encrypted key needs the Password parameter.");
        }
        if (!leaf.HasPrivateKey) throw new MbsException($"The key in {MbsException.Echo(privateKeyFile)} does not " +
            $"belong to the certificate in {MbsException.Echo(certificateFile)}.");
        // Certificates after the first one in the file are the chain sent to clients.
        var chain = new X509Certificate2Collection();
        foreach (var c in all) if (!c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) chain.Add(c);
        return SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }
}

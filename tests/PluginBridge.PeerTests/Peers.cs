using System.Runtime.InteropServices;

namespace PluginBridge.PeerTests;

/// <summary>
/// The running local test peers (tests/e2e/peers/start.sh), read from tests/e2e/.peers/env: where the
/// authorization server, SMTP and IMAP servers listen, the test CA, the registered clients and the mail user.
/// Shared by every test in the "Peers" collection; the OAuth helpers are in <see cref="PeersOAuth"/>.
/// </summary>
public sealed class Peers : IDisposable
{
    readonly Dictionary<string, string> env;

    public Peers()
    {
        var file = FindEnvFile();
        env = File.ReadAllLines(file)
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('='))
            .ToDictionary(line => line[..line.IndexOf('=')], line => line[(line.IndexOf('=') + 1)..]);
        TrustTestCaInThisProcess();
        OAuth = new PeersOAuth(this);
    }

    /// <summary>Login, consent and token requests against the test authorization server.</summary>
    public PeersOAuth OAuth { get; }

    string Get(string key) => env.TryGetValue(key, out var value)
        ? value
        : throw new InvalidOperationException(
            $"{key} missing in tests/e2e/.peers/env: restart the peers (tests/e2e/peers/stop.sh, then start.sh)");

    /// <summary>https://127.0.0.1:4010 — oidc-provider, certificate from the test CA.</summary>
    public Uri Issuer => new(Get("OIDC_ISSUER"));
    /// <summary>127.0.0.1:4010 — what the examples put where the article has login.microsoftonline.com.</summary>
    public string LoginHost => Get("OIDC_LOGIN_HOST");
    public string Tenant => Get("OIDC_TENANT");
    /// <summary>The confidential client registered like the article's Azure app (redirect http://localhost:9999/, no
    /// PKCE needed).</summary>
    public string ClientId => Get("OIDC_CLIENT_ID");
    public string ClientSecret => Get("OIDC_CLIENT_SECRET");
    /// <summary>A public client (no secret, PKCE required).</summary>
    public string PublicClientId => Get("OIDC_PUBLIC_CLIENT_ID");
    public string IntrospectionClientId => Get("OIDC_INTROSPECTION_CLIENT_ID");
    public string IntrospectionClientSecret => Get("OIDC_INTROSPECTION_CLIENT_SECRET");
    public string RedirectUri => Get("OIDC_REDIRECT_URI");

    /// <summary>Microsoft-style endpoints, as the article builds them (any tenant works).</summary>
    public string AuthorizeUrl => $"{Issuer.AbsoluteUri.TrimEnd('/')}/{Tenant}/oauth2/v2.0/authorize";
    public string TokenUrl => $"{Issuer.AbsoluteUri.TrimEnd('/')}/{Tenant}/oauth2/v2.0/token";
    public string IntrospectionUrl => $"{Issuer.AbsoluteUri.TrimEnd('/')}/token/introspection";
    public string RevocationUrl => $"{Issuer.AbsoluteUri.TrimEnd('/')}/token/revocation";

    public string SmtpHost => Get("SMTP_HOST");
    /// <summary>Postfix submission: STARTTLS required, AUTH XOAUTH2/OAUTHBEARER.</summary>
    public int SmtpPort => int.Parse(Get("SMTP_PORT"));
    public string SmtpUrl => $"smtp://{SmtpHost}:{SmtpPort}";
    public string ImapHost => Get("IMAP_HOST");
    /// <summary>Dovecot IMAP with STARTTLS required.</summary>
    public int ImapPort => int.Parse(Get("IMAP_PORT"));
    /// <summary>Dovecot IMAPS (TLS from the first byte).</summary>
    public int ImapsPort => int.Parse(Get("IMAPS_PORT"));
    public string ImapsUrl => $"imaps://{ImapHost}:{ImapsPort}";

    /// <summary>alice@example.test: any address @example.test logs in and receives mail.</summary>
    public string User => Get("MAIL_USER");
    public string User2 => Get("MAIL_USER2");

    /// <summary>The test CA alone (PEM), e.g. for CURL.SetOptionCAInfo.</summary>
    public string CaFile => Get("CA_FILE");
    /// <summary>The system CAs plus the test CA (PEM): what SSL_CERT_FILE points at in peer test runs.</summary>
    public string CaBundle => Get("CA_BUNDLE");
    public string PeersDir => Get("PEERS_DIR");

    static string FindEnvFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "e2e", ".peers", "env");
            if (File.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "PluginBridge.sln"))) break;
        }
        throw new InvalidOperationException(
            "The test peers are not running (no tests/e2e/.peers/env): run tests/e2e/peers/start.sh (as root) first, " +
            "or tests/e2e/run.sh, which starts and stops them around the tests.");
    }

    /// <summary>
    /// The native plugin loaded into this process verifies TLS against the trust store named by SSL_CERT_FILE
    /// (this machine exports the system bundle there). Point it at system CAs + test CA, in the real C environment
    /// (Environment.SetEnvironmentVariable only changes .NET's copy), so certificate checks stay on and pass.
    /// </summary>
    void TrustTestCaInThisProcess()
    {
        if (Environment.GetEnvironmentVariable("SSL_CERT_FILE") == CaBundle || OperatingSystem.IsWindows()) return;
        Environment.SetEnvironmentVariable("SSL_CERT_FILE", CaBundle);
        setenv("SSL_CERT_FILE", CaBundle, 1);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    static extern int setenv(string name, string value, int overwrite);

    public void Dispose() => OAuth.Dispose();
}

/// <summary>Tests that need the peers: `[Collection("Peers")]` and a constructor parameter `Peers peers`.</summary>
[CollectionDefinition("Peers")]
public sealed class PeersCollection : ICollectionFixture<Peers>;

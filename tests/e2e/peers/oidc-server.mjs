// Test authorization server: oidc-provider over HTTPS on 127.0.0.1, standing in for Microsoft Entra ID and Google.
//
//   node oidc-server.mjs            (settings from the environment, see below; start.sh sets them)
//
// It answers under the providers' own paths, so the article's scripts only change the host name:
//   /<tenant>/oauth2/v2.0/authorize and /<tenant>/oauth2/v2.0/token   (Microsoft, any tenant)
//   /o/oauth2/v2/auth and /token                                        (Google)
//   /auth, /token, /token/introspection, /me, /jwks, /.well-known/...  (oidc-provider's own)
// Login and consent use oidc-provider's devInteractions pages: any login name is accepted as the e-mail address,
// any password. Access tokens are opaque; introspection (for Dovecot) returns `email` = the login name.
import fs from 'node:fs';
import https from 'node:https';
import Provider from 'oidc-provider';

const env = (name, fallback) => process.env[name] ?? fallback;
const host = env('OIDC_HOST', '127.0.0.1');
const port = Number(env('OIDC_PORT', '4010'));
const issuer = `https://${host}:${port}`;
const redirectUri = env('OIDC_REDIRECT_URI', 'http://localhost:9999/');

// Scopes the provider knows (and grants); unknown ones are dropped silently. The Microsoft and Google scope URLs
// are the ones the examples ask for.
const scopes = [
  'openid', 'offline_access', 'email', 'profile', 'mail',
  'https://outlook.office365.com/SMTP.Send',
  'https://outlook.office365.com/IMAP.AccessAsUser.All',
  'https://outlook.office365.com/POP.AccessAsUser.All',
  'https://mail.google.com/',
];

const clients = [
  {
    // Registered like the article's Azure app: confidential, "Web" redirect URI http://localhost:9999/, secret sent
    // in the POST body (basic works too). The article sends no code_challenge, so PKCE is optional for this client.
    client_id: env('OIDC_CLIENT_ID', 'mail-client'),
    client_secret: env('OIDC_CLIENT_SECRET', 'mail-client-secret'),
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    // A public (native) client: PKCE required, as for a desktop app without a secret.
    client_id: env('OIDC_PUBLIC_CLIENT_ID', 'mail-public'),
    application_type: 'native',
    redirect_uris: [redirectUri, 'http://127.0.0.1:4999/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  {
    // The resource server (Dovecot): it only calls the introspection endpoint.
    client_id: env('OIDC_INTROSPECTION_CLIENT_ID', 'mail-server'),
    client_secret: env('OIDC_INTROSPECTION_CLIENT_SECRET', 'mail-server-secret'),
    redirect_uris: [],
    grant_types: [],
    response_types: [],
  },
];

const provider = new Provider(issuer, {
  clients,
  scopes,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: id, email_verified: true, name: id, preferred_username: id }),
  }),
  features: {
    devInteractions: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  // Dovecot's username_attribute is `email`: put the account (the login name) into every access token.
  extraTokenClaims: (ctx, token) => (token.kind === 'AccessToken' ? { email: token.accountId } : undefined),
  ttl: {
    AccessToken: Number(env('OIDC_ACCESS_TOKEN_TTL', '3600')),
    AuthorizationCode: 600,
    RefreshToken: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    Interaction: 600,
    Session: 24 * 3600,
    IdToken: 3600,
  },
  pkce: { required: (ctx, client) => client.clientAuthMethod === 'none' },
  cookies: { keys: ['pluginbridge-test-peers-only'] },
});

// Entra ID (scope offline_access) and Google (access_type=offline) issue a refresh token without prompt=consent;
// oidc-provider drops offline_access unless prompt=consent is present (lib/actions/authorization/scopes.js).
// Adding prompt=consent to such a request gives the behaviour of the real providers.
function asProviderAuthorizationUrl(url) {
  const scope = (url.searchParams.get('scope') ?? '').split(' ').filter(Boolean);
  if (url.searchParams.get('access_type') === 'offline') {
    url.searchParams.delete('access_type');
    if (!scope.includes('offline_access')) scope.push('offline_access');
    url.searchParams.set('scope', scope.join(' '));
  }
  if (scope.includes('offline_access') && !url.searchParams.has('prompt')) url.searchParams.set('prompt', 'consent');
  url.pathname = '/auth';
  return url;
}

function rewrite(req) {
  const url = new URL(req.url, issuer);
  if (/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname) || url.pathname === '/o/oauth2/v2/auth') {
    req.url = asProviderAuthorizationUrl(url).pathname + url.search;
  } else if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
    req.url = '/token' + url.search;
  }
}

const callback = provider.callback();
const server = https.createServer({
  cert: fs.readFileSync(env('OIDC_TLS_CERT', '../.peers/tls/server.crt')),
  key: fs.readFileSync(env('OIDC_TLS_KEY', '../.peers/tls/server.key')),
}, (req, res) => {
  const before = req.url;
  rewrite(req);
  console.log(`${new Date().toISOString()} ${req.method} ${before}${before !== req.url ? ` -> ${req.url}` : ''}`);
  callback(req, res);
});
server.listen(port, host, () => console.log(`oidc-provider listening on ${issuer}`));

// Exit at once: the in-memory state dies with the process anyway, and Dovecot holds keep-alive connections.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

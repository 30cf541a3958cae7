// Test authorization server: oidc-provider over HTTPS on 127.0.0.1, standing in for Microsoft Entra ID and Google.
//
//   node oidc-server.mjs            (settings from the environment, see below; start.sh sets them)
//
// It answers under the providers' own paths, so the article's scripts only change the host name:
//   /<tenant>/oauth2/v2.0/authorize, /token and /devicecode          (Microsoft, any tenant)
//   /o/oauth2/v2/auth and /token                                        (Google)
//   /auth, /token, /token/introspection, /me, /jwks, /.well-known/...  (oidc-provider's own)
// Login and consent use oidc-provider's devInteractions pages: any login name is accepted as the e-mail address,
// any password. Access tokens are opaque; introspection (for Dovecot) returns `email` = the login name.
// For the OAuth family's tests: client credentials and the device flow are on, the clients `oauth-app` (confidential)
// and `oauth-public` are native apps (any loopback port, RFC 8252 §7.3), `oauth-short` gets 15-second access tokens,
// and GET /test/events lists what the provider saw (authorization requests and granted token requests), so tests
// count refreshes at the provider.
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

function oauthApp(clientId, secret) {
  const grants = ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'];
  return {
    client_id: clientId,
    ...(secret ? { client_secret: secret } : {}),
    application_type: 'native',
    redirect_uris: ['http://localhost/', 'http://127.0.0.1/'],
    grant_types: secret ? [...grants, 'client_credentials'] : grants,
    response_types: ['code'],
    token_endpoint_auth_method: secret ? 'client_secret_post' : 'none',
  };
}

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
  // The OAuth family's apps: native (loopback redirects on any port, RFC 8252 §7.3). oauth-app is confidential like an
  // Entra app with a secret, oauth-short the same with OIDC_SHORT_TOKEN_TTL-second tokens (refresh tests), and
  // oauth-public a desktop app without a secret (PKCE required); all may use the device flow.
  oauthApp('oauth-app', 'oauth-app-secret'),
  oauthApp('oauth-short', 'oauth-short-secret'),
  oauthApp('oauth-public', undefined),
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
    clientCredentials: { enabled: true },
    deviceFlow: { enabled: true },
  },
  // Dovecot's username_attribute is `email`: put the account (the login name) into every access token.
  extraTokenClaims: (ctx, token) => (token.kind === 'AccessToken' ? { email: token.accountId } : undefined),
  ttl: {
    AccessToken: (ctx, token, client) => Number(client?.clientId === 'oauth-short'
      ? env('OIDC_SHORT_TOKEN_TTL', '15') : env('OIDC_ACCESS_TOKEN_TTL', '3600')),
    ClientCredentials: (ctx, token, client) => Number(client?.clientId === 'oauth-short'
      ? env('OIDC_SHORT_TOKEN_TTL', '15') : env('OIDC_ACCESS_TOKEN_TTL', '3600')),
    DeviceCode: (ctx, token, client) => (client?.clientId === 'oauth-short' ? 6 : 600), // oauth-short: expiry tests
    AuthorizationCode: 600,
    RefreshToken: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    Interaction: 600,
    Session: 24 * 3600,
    IdToken: 3600,
  },
  // The OAuth family's clients get a new refresh token with every refresh (as Entra ID does), and the old one is
  // refused afterwards; the article's clients keep oidc-provider's default (rotation late in the token's life).
  rotateRefreshToken: (ctx) => {
    const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
    return client.clientId.startsWith('oauth-') || client.clientAuthMethod === 'none' || refreshToken.ttlPercentagePassed() >= 70;
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
  // Entra's default prompt (MSAL's select_account) is a consent screen to this provider.
  if (url.searchParams.get('prompt') === 'select_account') url.searchParams.set('prompt', 'consent');
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
  } else if (/^\/[^/]+\/oauth2\/v2\.0\/devicecode$/.test(url.pathname)) {
    req.url = '/device/auth' + url.search;
  }
}

// What the provider saw, for tests: GET /test/events → [{seq, type: "authorize"|"grant", client_id, ...}].
const events = [];
const remember = (event) => { events.push({ seq: events.length + 1, at: new Date().toISOString(), ...event }); };
provider.on('grant.success', (ctx) => remember({
  type: 'grant', client_id: ctx.oidc.client?.clientId, grant_type: ctx.oidc.params?.grant_type,
}));
provider.on('authorization.accepted', (ctx) => remember({
  type: 'authorize', client_id: ctx.oidc.client?.clientId,
  code_challenge_method: ctx.oidc.params?.code_challenge_method, prompt: ctx.oidc.params?.prompt,
}));

const callback = provider.callback();
const server = https.createServer({
  cert: fs.readFileSync(env('OIDC_TLS_CERT', '../.peers/tls/server.crt')),
  key: fs.readFileSync(env('OIDC_TLS_KEY', '../.peers/tls/server.key')),
}, (req, res) => {
  const before = req.url;
  if (req.method === 'GET' && before === '/test/events') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(events));
    return;
  }
  rewrite(req);
  console.log(`${new Date().toISOString()} ${req.method} ${before}${before !== req.url ? ` -> ${req.url}` : ''}`);
  callback(req, res);
});
server.listen(port, host, () => console.log(`oidc-provider listening on ${issuer}`));

// Exit at once: the in-memory state dies with the process anyway, and Dovecot holds keep-alive connections.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

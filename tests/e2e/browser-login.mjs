// The "user" at the web viewer: a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// that opens the sign-in URL, fills the test authorization server's login and consent pages, and lets the
// provider's redirect reach the WebHook on http://localhost:9999/ like a real browser would.
//
//   node tests/e2e/browser-login.mjs [URL]        (the host's --browser command; the URL comes last)
//
// Environment: PB_LOGIN_USER (default: MAIL_USER from tests/e2e/.peers/env), PB_LOGIN_CONSENT=0 to stop at the
// consent page, PB_BROWSER_TIMEOUT_MS (default 30000), PB_USER_AGENT (the host passes WebView.SetCustomUserAgent's
// value), and for the e2e's negative test PB_LOGIN_STATE: replace the state in the URL, as a forged request would.
// about:blank (the article clears its web viewer) is a no-op.
// Progress goes to stderr; exit 0 when the redirect was answered, 1 otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from './peers/node_modules/playwright-core/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let url = process.argv.at(-1);
const log = (message) => process.stderr.write(`browser: ${message}\n`);

if (!url || url === 'about:blank' || !/^https?:/i.test(url)) {
  log(`nothing to sign in to (${url ?? 'no URL'})`);
  process.exit(0);
}

const peersEnv = Object.fromEntries(
  (fs.existsSync(path.join(here, '.peers/env')) ? fs.readFileSync(path.join(here, '.peers/env'), 'utf8') : '')
    .split('\n').filter((line) => line.includes('=') && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const user = process.env.PB_LOGIN_USER ?? peersEnv.MAIL_USER ?? 'alice@example.test';
const timeout = Number(process.env.PB_BROWSER_TIMEOUT_MS ?? 30000);

if (process.env.PB_LOGIN_STATE !== undefined) {
  const forged = new URL(url);
  forged.searchParams.set('state', process.env.PB_LOGIN_STATE);
  url = forged.href;
  log('state replaced (PB_LOGIN_STATE)');
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-chromium-'));
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
// Trust exactly the test server's key (the test CA is not in Chromium's store); other certificates stay checked.
if (peersEnv.TLS_SPKI_SHA256) args.push(`--ignore-certificate-errors-spki-list=${peersEnv.TLS_SPKI_SHA256}`);

let context;
let ok = false;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PB_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args,
    ...(process.env.PB_USER_AGENT ? { userAgent: process.env.PB_USER_AGENT } : {}),
    timeout,
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(timeout);
  log(`opening ${new URL(url).origin}${new URL(url).pathname}`);
  await page.goto(url);

  if (await page.locator('input[name=login]').count()) {
    log(`login page: signing in as ${user}`);
    await page.fill('input[name=login]', user);
    await page.fill('input[name=password]', 'any password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  }
  if (await page.locator('input[name=prompt][value=consent]').count()) {
    if (process.env.PB_LOGIN_CONSENT === '0') throw new Error('stopped at the consent page (PB_LOGIN_CONSENT=0)');
    log('consent page: continue');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  }
  const landed = new URL(page.url());
  const answer = (await page.textContent('body').catch(() => '') ?? '').trim();
  if (landed.searchParams.has('error')) {
    log(`provider refused: ${landed.searchParams.get('error')}: ${landed.searchParams.get('error_description')}`);
  }
  log(`redirected to ${landed.origin}${landed.pathname} (${[...landed.searchParams.keys()].join(', ')}); page says: ${answer.slice(0, 80)}`);
  ok = landed.origin !== new URL(url).origin;
} catch (error) {
  log(`failed: ${error.message.split('\n')[0]}`);
} finally {
  await context?.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);

#!/usr/bin/env bash
# Installs what the local test peers need (Debian/Ubuntu, as root). Idempotent, and fast when all is present:
#   Postfix (preseeded "Local only"), Dovecot (core, imapd, lmtpd), Chromium, openssl, curl, Node.js + npm,
#   the npm packages pinned in package-lock.json (oidc-provider, playwright-core), and the system user vmail;
#   pyftpdlib (with pyOpenSSL for FTPS) for the FTP tests, which start it themselves.
# Nothing is started here (on CI machines policy-rc.d forbids it anyway): start.sh starts the servers.
set -euo pipefail
cd "$(dirname "$0")"

packages=(postfix dovecot-core dovecot-imapd dovecot-lmtpd chromium openssl curl ca-certificates
  python3-pyftpdlib python3-openssl)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: missing packages ${missing[*]}; run as root to install them" >&2; exit 1; }
  echo "install.sh: apt-get install ${missing[*]}"
  # Postfix asks about its role at install time; "Local only" keeps it off the network.
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string localhost" | debconf-set-selections
  [ -n "${PB_APT_UPDATED:-}" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Where apt may start services (no policy-rc.d), stop the ones this install just started: start.sh runs its own.
  for p in "${missing[@]}"; do
    case "$p" in
      postfix) postfix status >/dev/null 2>&1 && { echo "install.sh: stopping the Postfix service apt started"; postfix stop >/dev/null 2>&1 || true; } ;;
      dovecot-core) pidof dovecot >/dev/null 2>&1 && { echo "install.sh: stopping the Dovecot service apt started"; (systemctl stop dovecot || service dovecot stop) >/dev/null 2>&1 || true; } ;;
    esac
  done
fi

# Dovecot stores the test mailboxes as this user (mail_uid/mail_gid in dovecot.conf).
if ! id vmail >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: user vmail missing; run as root" >&2; exit 1; }
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin vmail
fi

# npm ci only when node_modules does not match the lock file yet.
if ! cmp -s package-lock.json node_modules/.installed-from-lock 2>/dev/null; then
  echo "install.sh: npm ci (oidc-provider, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-from-lock
fi
echo "install.sh: test peers installed"

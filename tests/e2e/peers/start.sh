#!/usr/bin/env bash
# Starts the local test peers, all on 127.0.0.1, and writes tests/e2e/.peers/env for the tests:
#   oidc-provider (HTTPS, test CA) :4010   authorization server standing in for Entra ID / Google
#   Postfix submission             :1587   STARTTLS required, AUTH XOAUTH2/OAUTHBEARER via Dovecot SASL
#   Dovecot IMAP / IMAPS / LMTP    :1143 / :1993 / :10024   tokens checked by introspection
# Needs root (Postfix, Dovecot) and install.sh done. Stop with stop.sh (by the PIDs written here).
# If the peers are already running, it says so and leaves them alone.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=$(cd "$HERE/.." && pwd)/.peers
PIDS=$PEERS/pids

OIDC_PORT=4010 SMTP_PORT=1587 IMAP_PORT=1143 IMAPS_PORT=1993 LMTP_PORT=10024
CLIENT_ID=mail-client CLIENT_SECRET=mail-client-secret PUBLIC_CLIENT_ID=mail-public
INTROSPECTION_CLIENT_ID=mail-server INTROSPECTION_CLIENT_SECRET=mail-server-secret
REDIRECT_URI=http://localhost:9999/
POSTFIX_PID_FILE=/var/spool/postfix/pid/master.pid

say() { echo "peers: $*"; }
fail() { echo "peers: $*" >&2; exit 1; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {  # port, name, log: up to 20 s
  for _ in $(seq 200); do port_open "$1" && return 0; sleep 0.1; done
  echo "peers: $2 did not open 127.0.0.1:$1; its log ($3):" >&2; tail -n 30 "$3" >&2 || true; return 1
}

if "$HERE/status.sh" >/dev/null 2>&1; then say "already running (stop with tests/e2e/peers/stop.sh)"; exit 0; fi
[ "$(id -u)" = 0 ] || fail "needs root (Postfix and Dovecot)"
[ -d "$HERE/node_modules/oidc-provider" ] || fail "npm packages missing: run tests/e2e/peers/install.sh"
for port in $OIDC_PORT $SMTP_PORT $IMAP_PORT $IMAPS_PORT $LMTP_PORT; do
  port_open "$port" && fail "127.0.0.1:$port is already in use: stop that program first (test peers of another checkout: its tests/e2e/peers/stop.sh)"
done

mkdir -p "$PEERS"/{tls,logs,pids,dovecot/run,dovecot/state,mail}
chmod 755 "$PEERS"
rm -f "$PEERS/env"
# Whatever fails from here on: stop what was started so far.
trap 'echo "peers: start failed, stopping what was started" >&2; "$HERE/stop.sh" >&2 || true' ERR

# --- test CA and a server certificate for 127.0.0.1 / localhost (kept while valid for another day) ---
TLS=$PEERS/tls
if ! openssl x509 -checkend 86400 -noout -in "$TLS/server.crt" >/dev/null 2>&1; then
  say "creating test CA and server certificate in $TLS"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=PluginBridge Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$TLS/ca.key" -out "$TLS/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:mail.example.test" > "$TLS/server.ext"
  openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial -days 29 \
    -extfile "$TLS/server.ext" -out "$TLS/server.crt" 2>/dev/null
  chmod 600 "$TLS"/*.key
fi
# A trust bundle = the system's CAs + the test CA, for programs that read SSL_CERT_FILE.
cat /etc/ssl/certs/ca-certificates.crt "$TLS/ca.crt" > "$TLS/bundle.crt" 2>/dev/null || cp "$TLS/ca.crt" "$TLS/bundle.crt"
# Chromium accepts the test server by its public key hash (--ignore-certificate-errors-spki-list).
SPKI=$(openssl x509 -in "$TLS/server.crt" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)

# --- oidc-provider ---
say "starting oidc-provider on https://127.0.0.1:$OIDC_PORT"
(cd "$HERE" && exec env OIDC_PORT=$OIDC_PORT OIDC_CLIENT_ID=$CLIENT_ID OIDC_CLIENT_SECRET=$CLIENT_SECRET \
  OIDC_PUBLIC_CLIENT_ID=$PUBLIC_CLIENT_ID OIDC_INTROSPECTION_CLIENT_ID=$INTROSPECTION_CLIENT_ID \
  OIDC_INTROSPECTION_CLIENT_SECRET=$INTROSPECTION_CLIENT_SECRET OIDC_REDIRECT_URI=$REDIRECT_URI \
  OIDC_TLS_CERT=$TLS/server.crt OIDC_TLS_KEY=$TLS/server.key node oidc-server.mjs) \
  > "$PEERS/logs/oidc.log" 2>&1 < /dev/null &
echo $! > "$PIDS/oidc.pid"
wait_port $OIDC_PORT oidc-provider "$PEERS/logs/oidc.log"

# --- Dovecot (own config and state under .peers; no change under /etc/dovecot) ---
say "starting Dovecot (IMAP $IMAP_PORT, IMAPS $IMAPS_PORT, LMTP $LMTP_PORT)"
chown vmail:vmail "$PEERS/mail" && chmod 700 "$PEERS/mail"
fill() {
  sed -e "s|@PEERS@|$PEERS|g" -e "s|@OIDC_PORT@|$OIDC_PORT|g" -e "s|@IMAP_PORT@|$IMAP_PORT|g" \
      -e "s|@IMAPS_PORT@|$IMAPS_PORT|g" -e "s|@LMTP_PORT@|$LMTP_PORT|g" \
      -e "s|@INTROSPECTION_CLIENT_ID@|$INTROSPECTION_CLIENT_ID|g" \
      -e "s|@INTROSPECTION_CLIENT_SECRET@|$INTROSPECTION_CLIENT_SECRET|g" "$1" > "$2"
}
fill "$HERE/dovecot/dovecot.conf.in" "$PEERS/dovecot/dovecot.conf"
fill "$HERE/dovecot/dovecot-oauth2.conf.ext.in" "$PEERS/dovecot/dovecot-oauth2.conf.ext"
chmod 600 "$PEERS/dovecot/dovecot-oauth2.conf.ext"
echo "127.0.0.1:::::::nodelay=yes" > "$PEERS/dovecot/nodelay-ips"
# The SASL socket lives in Postfix's spool; the directory exists once Postfix is installed.
mkdir -p /var/spool/postfix/private
rm -f "$PEERS/dovecot/run/master.pid"
dovecot -c "$PEERS/dovecot/dovecot.conf"
for _ in $(seq 100); do [ -s "$PEERS/dovecot/run/master.pid" ] && break; sleep 0.1; done
cp "$PEERS/dovecot/run/master.pid" "$PIDS/dovecot.pid"
for port in $IMAP_PORT $IMAPS_PORT $LMTP_PORT; do wait_port "$port" Dovecot "$PEERS/dovecot/dovecot.log"; done

# --- Postfix (edits /etc/postfix with postconf; idempotent) ---
say "starting Postfix (submission 127.0.0.1:$SMTP_PORT)"
"$HERE/postfix-setup.sh" "$TLS" "$SMTP_PORT" "$LMTP_PORT"
alive "$POSTFIX_PID_FILE" && fail "Postfix is already running outside the test peers (postfix stop, then retry)"
: > /var/log/postfix.log
postfix start >"$PEERS/logs/postfix-start.log" 2>&1 || { cat "$PEERS/logs/postfix-start.log" >&2; false; }
for _ in $(seq 100); do [ -s "$POSTFIX_PID_FILE" ] && break; sleep 0.1; done
tr -d ' ' < "$POSTFIX_PID_FILE" > "$PIDS/postfix.pid"
wait_port $SMTP_PORT Postfix /var/log/postfix.log

# --- what the tests need to know ---
cat > "$PEERS/env" <<ENV
# Written by tests/e2e/peers/start.sh; read by the peer tests and the e2e scripts. Test-only secrets.
PEERS_DIR=$PEERS
OIDC_ISSUER=https://127.0.0.1:$OIDC_PORT
OIDC_LOGIN_HOST=127.0.0.1:$OIDC_PORT
OIDC_TENANT=common
OIDC_CLIENT_ID=$CLIENT_ID
OIDC_CLIENT_SECRET=$CLIENT_SECRET
OIDC_PUBLIC_CLIENT_ID=$PUBLIC_CLIENT_ID
OIDC_INTROSPECTION_CLIENT_ID=$INTROSPECTION_CLIENT_ID
OIDC_INTROSPECTION_CLIENT_SECRET=$INTROSPECTION_CLIENT_SECRET
OIDC_REDIRECT_URI=$REDIRECT_URI
SMTP_HOST=127.0.0.1
SMTP_PORT=$SMTP_PORT
IMAP_HOST=127.0.0.1
IMAP_PORT=$IMAP_PORT
IMAPS_PORT=$IMAPS_PORT
MAIL_USER=alice@example.test
MAIL_USER2=bob@example.test
CA_FILE=$TLS/ca.crt
CA_BUNDLE=$TLS/bundle.crt
TLS_SPKI_SHA256=$SPKI
ENV
trap - ERR
say "up: oidc https://127.0.0.1:$OIDC_PORT, smtp 127.0.0.1:$SMTP_PORT, imap 127.0.0.1:$IMAP_PORT, imaps 127.0.0.1:$IMAPS_PORT"
say "settings for tests: $PEERS/env"

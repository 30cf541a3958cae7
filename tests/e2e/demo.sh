#!/usr/bin/env bash
# ./build.sh demo: the article's OAuth + SMTP + IMAP flow, run by our host with the article's scripts
# (examples/office365-smtp, examples/office365-imap) against local servers, step by step:
# local servers up, WebHook listening, browser sign-in (headless Chromium), code received, token, mail sent,
# mail read back, token refreshed. Stops every server it started, on success and on failure.
#   tests/e2e/demo.sh          the host loads the engine through pluginbridge.h (artifacts/plugin/libPluginBridge.so)
#   tests/e2e/demo.sh --fmx    as FileMaker does: artifacts/fmx/PluginBridge.fmx through FMExternCallProc and FMWrapper
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DOOR="pluginbridge.h (artifacts/plugin/libPluginBridge.so)"
if [ "${1:-}" = --fmx ]; then
  export PB_PLUGIN=$ROOT/artifacts/fmx/PluginBridge.fmx   # the host picks FileMaker's plug-in ABI by the .fmx name
  DOOR="FileMaker's plug-in ABI (artifacts/fmx/PluginBridge.fmx, FMExternCallProc + artifacts/fmwrapper)"
fi
HOST=${PB_HOST:-$ROOT/artifacts/host/pluginbridge}
PEERS=$ROOT/tests/e2e/peers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pb-demo-XXXXXX")
SMTP="Office 365 oAuth SMTP"
IMAP="Office 365 oAuth IMAP"

n=0
if [ -t 1 ]; then B=$'\033[1m' RED=$'\033[31m' GREEN=$'\033[32m' N=$'\033[0m'; else B= RED= GREEN= N=; fi
step() { n=$((n + 1)); printf '\n%s[%d] %s%s\n' "$B" "$n" "$*" "$N"; }
show() { printf '    %s\n' "$@"; }
fail() { printf '\n%sdemo failed: %s%s\n' "$RED" "$*" "$N" >&2; exit 1; }
cleanup() {
  [ -n "${STARTED_PEERS:-}" ] && { step "stopping the local servers"; "$PEERS/stop.sh" | sed 's/^/    /'; }
  rm -rf "$WORK"
}
trap cleanup EXIT
# Runs the host; its output (dialogs, the browser's progress) indented under the step.
host() { "$HOST" "$@" 2>&1 | sed 's/^/    | /'; return "${PIPESTATUS[0]}"; }
field() { "$HOST" eval "$1" --db "$2" 2>/dev/null; }
short() { local v=$1; [ ${#v} -gt 12 ] && printf '%s…(%d chars)' "${v:0:8}" ${#v} || printf '%s' "$v"; }

[ -x "$HOST" ] || fail "artifacts/host/pluginbridge missing: run ./build.sh first"
printf 'engine loaded through %s\n' "$DOOR"

step "local servers on 127.0.0.1: oidc-provider (stands in for login.microsoftonline.com), Postfix (smtp.office365.com), Dovecot (outlook.office365.com IMAP)"
"$PEERS/install.sh" >/dev/null || fail "installing the servers failed (tests/e2e/peers/install.sh)"
if "$PEERS/status.sh" >/dev/null 2>&1; then
  show "already running; they stay running afterwards"
else
  STARTED_PEERS=1
  "$PEERS/start.sh" | sed 's/^/    /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "starting the servers failed"
fi
set -a; . tests/e2e/.peers/env; set +a
export SSL_CERT_FILE=$CA_BUNDLE   # TLS stays verified: system CAs plus the test CA
export PB_LOGIN_USER=$MAIL_USER
show "app registration: client id $OIDC_CLIENT_ID, redirect URI $OIDC_REDIRECT_URI; user $MAIL_USER"

step "Start: WebHook listens on http://localhost:9999/, the web viewer (headless Chromium) signs in"
host run examples/office365-smtp --script Start --db "$WORK/smtp.sqlite" --wait 60 --browser "$ROOT/tests/e2e/browser-login.sh" \
  --set "$SMTP::ClientID=$OIDC_CLIENT_ID" --set "$SMTP::TenantID=$OIDC_TENANT" --set "$SMTP::ClientSecret=$OIDC_CLIENT_SECRET" \
  --set "$SMTP::Login Host=$OIDC_LOGIN_HOST" \
  --set "$SMTP::Scope=offline_access https://outlook.office365.com/SMTP.Send https://outlook.office365.com/IMAP.AccessAsUser.All" \
  || fail "the Start script failed"
error=$(field "$SMTP::Last Error" "$WORK/smtp.sqlite")
[ -z "$error" ] || fail "$error"

step "WebHookReceived: the redirect arrived, the state matched"
show "request: $(field "GetValue ( $SMTP::Debug ; 1 )" "$WORK/smtp.sqlite" | sed -E 's/code=[^&]{8}[^& ]*/code=…/')"
show "code: $(short "$(field "JSONGetElement ( $SMTP::Answer ; \"Parameters.code\" )" "$WORK/smtp.sqlite")")"

step "Query access token: the code was exchanged for tokens"
token=$(field "$SMTP::access_token" "$WORK/smtp.sqlite")
[ -n "$token" ] || fail "no access token stored"
show "access token:  $(short "$token"), expires $(field "$SMTP::access_token_expires" "$WORK/smtp.sqlite")"
show "refresh token: $(short "$(field "$SMTP::refresh_token" "$WORK/smtp.sqlite")")"
show "scope:         $(field "$SMTP::scope" "$WORK/smtp.sqlite")"

subject="PluginBridge demo $(date -u +%H:%M:%S)"
step "Send Email: SMTP to $SMTP_HOST:$SMTP_PORT with STARTTLS and AUTH XOAUTH2"
host run examples/office365-smtp --script "Send Email" --db "$WORK/smtp.sqlite" --wait 60 \
  --set "$SMTP::Mail Server=$SMTP_HOST" --set "$SMTP::Mail Port=$SMTP_PORT" \
  --set "$SMTP::From Email=$MAIL_USER" --set "$SMTP::From Name=Alice" --set "$SMTP::To Email=$MAIL_USER" \
  --set "$SMTP::To Name=Alice" --set "$SMTP::Subject=$subject" --set "$SMTP::Email Text=Hello from the article's scripts." \
  || fail "the Send Email script failed"
result=$(field "$SMTP::Send Result" "$WORK/smtp.sqlite")
show "CURL.Perform: $result"
[ "$result" = OK ] || fail "sending failed: $result"
field "$SMTP::CURL Debug" "$WORK/smtp.sqlite" | tr '\r' '\n' | grep -E "^(> )?(AUTH|MAIL FROM|RCPT TO)|^(< )?(235|250 2\.0\.0)" | head -5 | sed 's/^/    debug: /'

step "List Messages and Read Message: the mail read back over IMAPS ($IMAP_HOST:$IMAPS_PORT) with the same token"
uid=""
for _ in $(seq 20); do
  host run examples/office365-imap --script "List Messages" --db "$WORK/imap.sqlite" --wait 60 \
    --set "$IMAP::access_token=$token" --set "$IMAP::User Email=$MAIL_USER" --set "$IMAP::IMAP Server=$IMAP_HOST" \
    --set "$IMAP::IMAP Port=$IMAPS_PORT" --set "$IMAP::Search=$subject" >/dev/null || fail "the List Messages script failed"
  uid=$(field "$IMAP::Message UID" "$WORK/imap.sqlite")
  [ -n "$uid" ] && break
  sleep 0.25
done
[ -n "$uid" ] || fail "the message did not arrive: $(field "$IMAP::Last Error" "$WORK/imap.sqlite")"
show "search: $(field "$IMAP::IMAP Result" "$WORK/imap.sqlite" | tr '\r' ' ')"
host run examples/office365-imap --script "Read Message" --db "$WORK/imap.sqlite" --wait 60 || fail "the Read Message script failed"
field "$IMAP::Message" "$WORK/imap.sqlite" | tr '\r' '\n' | grep -E "^(Subject|From|To):" | sed 's/^/    /'

step "Refresh Token: a new access token from the refresh token"
host run examples/office365-smtp --script "Refresh Token" --db "$WORK/smtp.sqlite" --wait 60 || fail "the Refresh Token script failed"
error=$(field "$SMTP::Last Error" "$WORK/smtp.sqlite")
[ -z "$error" ] || fail "$error"
new=$(field "$SMTP::access_token" "$WORK/smtp.sqlite")
[ "$new" != "$token" ] || fail "the access token did not change"
show "new access token: $(short "$new"), expires $(field "$SMTP::access_token_expires" "$WORK/smtp.sqlite")"

printf '\n%sdemo passed through %s: signed in, got tokens, sent a mail, read it back, refreshed the token%s\n' "$GREEN" "$DOOR" "$N"

#!/usr/bin/env bash
# Gets tokens from the running test authorization server without a browser (curl + a cookie jar through
# oidc-provider's devInteractions login and consent pages), with the article's request: no PKCE, the secret in
# the POST body. Prints the token response JSON.
#   get-tokens.sh [USER] [SCOPE]     defaults: alice@example.test, "offline_access https://outlook.office365.com/SMTP.Send https://outlook.office365.com/IMAP.AccessAsUser.All"
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ENV=$HERE/../.peers/env
[ -s "$ENV" ] || { echo "test peers are not running: run tests/e2e/peers/start.sh" >&2; exit 1; }
. "$ENV"
user=${1:-$MAIL_USER}
scope=${2:-offline_access https://outlook.office365.com/SMTP.Send https://outlook.office365.com/IMAP.AccessAsUser.All}
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
c() { curl -sS --cacert "$CA_FILE" -b "$jar" -c "$jar" "$@"; }
location() { c -o /dev/null -w '%{redirect_url}' "$@"; }
state=$(openssl rand -hex 8)

url=$(location -G "$OIDC_ISSUER/$OIDC_TENANT/oauth2/v2.0/authorize" --data-urlencode response_type=code \
  --data-urlencode "scope=$scope" --data-urlencode "redirect_uri=$OIDC_REDIRECT_URI" \
  --data-urlencode "client_id=$OIDC_CLIENT_ID" --data-urlencode "state=$state")
# login page, then consent page (each POST answers with a redirect to /auth/<uid>, which leads on)
for form in "prompt=login&login=$user&password=any" "prompt=consent"; do
  case "$url" in "$OIDC_ISSUER"/interaction/*) ;; *) echo "unexpected redirect: $url" >&2; exit 1 ;; esac
  url=$(location -d "$form" "$url")
  url=$(location "$url")
done
case "$url" in "$OIDC_REDIRECT_URI"*) ;; *) echo "unexpected redirect: $url" >&2; exit 1 ;; esac
query=${url#*\?}
code=$(tr '&' '\n' <<<"$query" | sed -n 's/^code=//p')
got_state=$(tr '&' '\n' <<<"$query" | sed -n 's/^state=//p')
[ "$got_state" = "$state" ] || { echo "state mismatch: $got_state" >&2; exit 1; }
c "$OIDC_ISSUER/$OIDC_TENANT/oauth2/v2.0/token" --data-urlencode "code=$code" --data-urlencode "client_id=$OIDC_CLIENT_ID" \
  --data-urlencode "client_secret=$OIDC_CLIENT_SECRET" -d grant_type=authorization_code \
  --data-urlencode "redirect_uri=$OIDC_REDIRECT_URI"
echo

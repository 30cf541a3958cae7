#!/usr/bin/env bash
# Tests against the real local peers: installs and starts them (tests/e2e/peers), runs the xunit peer tests
# (tests/PluginBridge.PeerTests: the peers themselves, CURL/SendMail/WebHook against them, and the article end to
# end in the published host, artifacts/host/pluginbridge or $PB_HOST, with headless Chromium), and stops the peers
# it started on any exit. Peers that were already running (started by hand) are used and left running.
# Exit status: non-zero if anything failed. `./build.sh test` calls this after building.
#   tests/e2e/run.sh [--filter EXPR]      (--filter goes to dotnet test)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PEERS=$ROOT/tests/e2e/peers

"$PEERS/install.sh" || exit 1
if "$PEERS/status.sh" >/dev/null 2>&1; then
  echo "e2e: using the test peers that are already running"
else
  trap '"$PEERS/stop.sh"' EXIT
  "$PEERS/start.sh" || exit 1
fi
set -a; . "$ROOT/tests/e2e/.peers/env"; set +a
# Certificate checks stay on: the system CAs plus the test CA (this machine exports SSL_CERT_FILE globally,
# so it has to be replaced, not defaulted).
export SSL_CERT_FILE=$CA_BUNDLE

echo "== xunit: tests/PluginBridge.PeerTests"
dotnet test tests/PluginBridge.PeerTests -c Release ${PB_TEST_ARTIFACTS:+--artifacts-path "$PB_TEST_ARTIFACTS"} "$@"

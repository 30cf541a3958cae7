#!/usr/bin/env bash
# Exit 0 when every test peer that start.sh started is still running (and prints them), 1 otherwise.
HERE=$(cd "$(dirname "$0")" && pwd)
PIDS=$(cd "$HERE/.." && pwd)/.peers/pids
[ -s "$PIDS/../env" ] || { echo "peers: not running (no tests/e2e/.peers/env)"; exit 1; }
rc=0
for name in oidc dovecot postfix; do
  if [ -s "$PIDS/$name.pid" ] && kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
    echo "peers: $name running, pid $(cat "$PIDS/$name.pid")"
  else
    echo "peers: $name not running"; rc=1
  fi
done
exit $rc

#!/usr/bin/env bash
# Stops exactly the test peers that start.sh started, by the PIDs it wrote (tests/e2e/.peers/pids).
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS=$(cd "$HERE/.." && pwd)/.peers
PIDS=$PEERS/pids
rm -f "$PEERS/env"
for name in postfix dovecot oidc; do
  file=$PIDS/$name.pid
  [ -s "$file" ] || continue
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    # Up to 10 s for a clean exit. A stopped Dovecot master may stay a <defunct> zombie when PID 1 does not
    # reap it; it holds no ports, so a zombie counts as stopped.
    for _ in $(seq 100); do
      state=$(ps -o stat= -p "$pid" 2>/dev/null) || break
      case "$state" in Z*) break ;; esac
      sleep 0.1
    done
    if ps -o stat= -p "$pid" 2>/dev/null | grep -qv '^Z'; then
      echo "peers: $name (pid $pid) did not stop in 10 s; sending SIGKILL"; kill -9 "$pid" 2>/dev/null
    fi
    echo "peers: stopped $name (pid $pid)"
  fi
  rm -f "$file"
done

#!/usr/bin/env bash
# WebHook listener vs nginx (1 worker) under wrk on loopback, interleaved, best of ROUNDS, in one run:
#   Connection: close (MBS's one request per connection) and keep-alive (opted into by the auto-answer);
# then request -> script start latency with the host idling every 1, 5 and 10 ms (and 0.1 ms: the listener alone),
# without and with the host's wake callback.
# Servers are started by PID on 127.0.0.1 and stopped; every run is bounded by DURATION seconds.
#   bench/webhook.sh            (PB_PLUGIN, ROUNDS=3, DURATION=3, CONNECTIONS=8, LATENCY_REQUESTS=300)
#   ROWS=throughput bench/webhook.sh   only the wrk rows (ROWS=latency: only the script-start rows)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/artifacts/bench/webhook
PLUGIN=${PB_PLUGIN:-$ROOT/artifacts/plugin/libPluginBridge.so}
ROWS=${ROWS:-all} ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-3} CONNECTIONS=${CONNECTIONS:-8} LATENCY_REQUESTS=${LATENCY_REQUESTS:-300}
NGINX_PORT=18090 HOOK_PORT=18091
mkdir -p "$WORK/tmp"
for p in nginx-light wrk; do
  dpkg -s "$p" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
[ -f "$PLUGIN" ] || { echo "no plugin at $PLUGIN: run ./build.sh plugin first"; exit 1; }
gcc -O2 -Wall -Wextra -I"$ROOT/native/include" bench/webhook_host.c -o "$WORK/webhook_host" -ldl -lpthread

cat > "$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200 ""; } }
}
CONF
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.05; done; echo "server on $1 did not start"; return 1; }
nginx -c "$WORK/nginx.conf" & PIDS+=($!)
wait_for $NGINX_PORT

# measure <pid> <port> [header]: "<2xx answers per second> <CPU µs per request of pid> <context switches per request of pid>".
# Only 2xx answers count (a host that does not release its requests in time gets 503s, which are cheaper).
measure() {
  local pid=$1 before after out
  before=$(usage "$pid")
  out=$(timeout $((DURATION + 10)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" ${3:+-H "$3"} "http://127.0.0.1:$2/" 2>&1)
  after=$(usage "$pid")
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1; t = $4 + 0 } /Non-2xx/ { bad = $5 }
    END { split(b, x); split(a, y); if (n == 0 || t == 0) { print "0 0 0"; exit }
          printf "%d %.1f %.2f\n", (n - bad) / t, (y[1] - x[1]) / hz * 1e6 / n, (y[2] - x[2]) / n }'
}
# CPU clock ticks (user + system) and context switches (voluntary + involuntary) of every thread of a process.
usage() {
  local ticks switches
  ticks=$(awk '{ print $14 + $15 }' /proc/"$1"/stat)
  switches=$(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }')
  echo "$ticks $switches"
}
# webhook <keep-alive 0|1> [header]: one host for one wrk run, stopped by PID.
webhook() {
  "$WORK/webhook_host" "$PLUGIN" serve $HOOK_PORT "$1" $((DURATION + 20)) 1 > "$WORK/host.log" 2>&1 & local pid=$!
  PIDS+=($pid)
  wait_for $HOOK_PORT >/dev/null
  measure "$pid" $HOOK_PORT "${2:-}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
NGINX_WORKER=$(pgrep -P "${PIDS[0]}" | head -1)
nginx_run() { measure "$NGINX_WORKER" $NGINX_PORT "${1:-}"; }

throughput_rows() {
: > "$WORK/wrk.log"
hc=() nc=() hk=() nk=()
for _ in $(seq "$ROUNDS"); do
  hc+=("$(webhook 0 'Connection: close')"); nc+=("$(nginx_run 'Connection: close')")
  hk+=("$(webhook 1)");                     nk+=("$(nginx_run)")
done
# best <"rate cpu switches">...: the line with the highest rate.
best() { printf '%s\n' "$@" | sort -n -k1,1 | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
line() { # label webhook-runs nginx-runs
  local h n
  h=$(best "${@:2:$ROUNDS}") n=$(best "${@:$((ROUNDS + 2)):$ROUNDS}")
  set -- "$1" $h $n
  awk -v l="$1" -v h="$2" -v n="$5" -v hc="$3" -v nc="$6" -v hs="$4" -v ns="$7" 'BEGIN {
    printf "%s: %d req/s, nginx%s: %d req/s, ratio %.2f   (CPU per request %.1f us vs %.1f us; context switches %.2f vs %.2f)\n",
      l, h, (l ~ /keep/ ? " keep-alive" : ""), n, (n > 0 ? h / n : 0), hc, nc, hs, ns }'
}
line "webhook close" "${hc[@]}" "${nc[@]}"
line "webhook keep-alive" "${hk[@]}" "${nk[@]}"
row() { # label webhook-runs nginx-runs goal: one row of ./build.sh bench's table
  local h n
  h=$(best "${@:2:$ROUNDS}" | cut -d' ' -f1) n=$(best "${@:$((ROUNDS + 2)):$ROUNDS}" | cut -d' ' -f1)
  awk -v l="$1" -v h="$h" -v n="$n" -v g="${*: -1}" \
    'BEGIN { printf "| %s | %d req/s | %d req/s | %.2f | %s |\n", l, h, n, (n > 0 ? h / n : 0), g }'
}
row "WebHook vs nginx, Connection: close" "${hc[@]}" "${nc[@]}" "≥ 0.8"
row "WebHook vs nginx, keep-alive" "${hk[@]}" "${nk[@]}" "≥ 0.5"
echo "  (wrk -t1 -c$CONNECTIONS, best of $ROUNDS interleaved runs of ${DURATION}s; nginx 1 worker; the WebHook host idles every 1 ms and releases each request)"
grep -h "Socket errors\|Non-2xx" "$WORK/wrk.log" | sort | uniq -c | sed 's/^/  wrk: /' || true
}
latency_rows() {
timeout 90 "$WORK/webhook_host" "$PLUGIN" latency 0.1 "$LATENCY_REQUESTS"
# Each idle period without and with pb_host's wake callback (an eventfd: pb_idle runs when a start is queued, not at
# the next tick), one after the other; a row compares their p99.
p99() { sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p'; }
for idle in 1 5 10; do
  plain=$(timeout 90 "$WORK/webhook_host" "$PLUGIN" latency $idle "$LATENCY_REQUESTS" || true)
  woken=$(timeout 90 "$WORK/webhook_host" "$PLUGIN" latency $idle "$LATENCY_REQUESTS" wake || true)
  printf '%s\n%s\n' "$plain" "$woken"
  a=$(echo "$woken" | p99) b=$(echo "$plain" | p99)
  awk -v i="$idle" -v a="${a:-0}" -v b="${b:-0}" 'BEGIN {
    printf "| WebHook request → script start p99, host idles every %s ms: with wake vs without", i
    printf " | %.2f ms | %.2f ms | %.2f | ≤ 3 ms |\n", a, b, (b > 0 ? a / b : 0) }'
done
}
[ "$ROWS" = latency ] || throughput_rows
[ "$ROWS" = throughput ] || latency_rows
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

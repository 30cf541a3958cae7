#!/usr/bin/env bash
# ./build.sh bench: ONE table; every row compares the published plugin with a peer measured in the same run
# (interleaved, best of N; see bench/bench.c). Installs what it needs, starts nginx (127.0.0.1 only) and, for the
# SMTP row, the test peers (tests/e2e/peers) when they are not running; stops what it started, by PID.
#   ROUNDS=3 COLD=11 MAILS=200 SMTP_ROUNDS=7 bench/run.sh [ROW...]
# ROW: micro (call overhead, encoding, HTTP GET, RSS), cold, https, webhook, smtp; none given: every row.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/artifacts/bench
PLUGIN=${PB_PLUGIN:-$ROOT/artifacts/plugin/libPluginBridge.so}
ROUNDS=${ROUNDS:-3}; COLD=${COLD:-11}; MAILS=${MAILS:-200}; SMTP_ROUNDS=${SMTP_ROUNDS:-7}
ROWS=" ${*:-micro cold https webhook smtp} "
want() { [[ $ROWS == *" $1 "* ]]; }
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/tls"

missing=()
for p in nginx-light wrk libcurl4 python3 openssl gcc; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A test CA and a certificate for 127.0.0.1, for the first-HTTPS row (CAInfo names the CA on both sides).
if [ ! -s "$WORK/tls/server.pem" ]; then
  (cd "$WORK/tls"
   openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=PluginBridge bench CA" 2>/dev/null
   openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
   printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext.cnf
   openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile ext.cnf 2>/dev/null)
fi

head -c 2048 /dev/zero | tr '\0' 'x' > "$WORK/www/token.json"
HTTP=18080; HTTPS=18443
cat > "$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
$( [ "$(nproc)" -ge 2 ] && echo "worker_cpu_affinity 01;" )
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$HTTP; root $WORK/www; }
  server { listen 127.0.0.1:$HTTPS ssl; ssl_certificate $WORK/tls/server.pem; ssl_certificate_key $WORK/tls/server.key; root $WORK/www; }
}
CONF
PIDS=()
STARTED_PEERS=
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -n "$STARTED_PEERS" ] && tests/e2e/peers/stop.sh >/dev/null 2>&1 || true
}
trap cleanup EXIT
if want micro || want https; then  # only the rows that use it: another run's nginx may hold the ports
  nginx -c "$WORK/nginx.conf" & PIDS+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$HTTP/token.json" >/dev/null && break; sleep 0.1; done
fi

gcc -O2 -Wall -Wextra -I"$ROOT/artifacts/include" bench/bench.c -o "$WORK/bench" -ldl
B=$WORK/bench

best() { sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }

echo "load: $(uptime | sed 's/.*load average/load average/'), $(nproc) cores"
echo
echo "| benchmark | plugin | peer | ratio | goal |"
echo "| --- | --- | --- | --- | --- |"
# Client and server on CPUs of their own (nginx's worker on CPU 0, this on CPU 1): left to the scheduler, a run
# lands either both on one CPU or on two, and the GET rate of either client changes fourfold with that.
PIN=(); [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null && PIN=(taskset -c 1)
if want micro; then "${PIN[@]}" "$B" micro "$PLUGIN" "http://127.0.0.1:$HTTP/token.json" "$ROUNDS"; fi

# Cold start and first HTTPS: fresh processes, plugin and libcurl alternating.
: > "$WORK/cold-pb"; : > "$WORK/cold-curl"; : > "$WORK/https-pb"; : > "$WORK/https-curl"
URL=https://127.0.0.1:$HTTPS/token.json
for _ in $(seq "$COLD"); do
  if want cold; then "$B" cold-pb "$PLUGIN" >> "$WORK/cold-pb"; "$B" cold-curl >> "$WORK/cold-curl"; fi
  if want https; then
    "$B" https-pb "$PLUGIN" "$URL" "$WORK/tls/ca.pem" >> "$WORK/https-pb"; "$B" https-curl "$URL" "$WORK/tls/ca.pem" >> "$WORK/https-curl"
  fi
done
if want cold; then
  a=$(best < "$WORK/cold-pb"); b=$(best < "$WORK/cold-curl")
  echo "| cold start: dlopen → first call returned, vs dlopen libcurl → first call | $(ms "$a") | $(ms "$b") | $(ratio "$a" "$b") | ≤ 5 ms |"
fi
if want https; then
  a=$(best < "$WORK/https-pb"); b=$(best < "$WORK/https-curl")
  echo "| first HTTPS (CAInfo set), dlopen → GET done, vs libcurl | $(ms "$a") | $(ms "$b") | $(ratio "$a" "$b") | ≤ 1.5 |"
fi

# WebHook vs nginx: the WebHook listener's own script prints its rows when it exists.
if ! want webhook; then :
elif [ -x bench/webhook.sh ]; then
  bench/webhook.sh | grep '^|' || echo "| WebHook vs nginx | failed | | | |"
else
  echo "| WebHook vs nginx, Connection: close | not measured | | | ≥ 0.8 |"
  echo "| WebHook vs nginx, keep-alive | not measured | | | ≥ 0.5 |"
fi

# SMTP: MAILS mails to Postfix (STARTTLS, XOAUTH2) — plugin on one handle, smtplib on one connection, curl CLI
# with MAILS URLs in one process (it reuses its connection too). SMTP_ROUNDS rounds, the three clients in a
# rotating order, best of the rounds. Postfix is warmed up first (its smtpd, cleanup, LMTP and Dovecot's auth
# processes start on the first mails), and before each run Postfix's queue is left to drain: the previous run's
# mails, still being delivered, would otherwise take CPU from the next client on this 2-core machine.
smtp_rows() {
  local peers=tests/e2e/peers
  if ! "$peers/status.sh" >/dev/null 2>&1; then
    "$peers/install.sh" >/dev/null 2>&1 && "$peers/start.sh" >/dev/null 2>&1 || return 1
    STARTED_PEERS=1
  fi
  set -a; . tests/e2e/.peers/env; set +a
  local token; token=$("$peers/get-tokens.sh" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local mail=$WORK/mail.eml
  printf 'From: %s\r\nTo: %s\r\nSubject: bench\r\n\r\nA benchmark mail.\r\n' "$MAIL_USER" "$MAIL_USER" > "$mail"
  local curl_args=() i
  for i in $(seq "$MAILS"); do curl_args+=(-T "$mail" "smtp://$SMTP_HOST:$SMTP_PORT"); done
  local queue; queue=$(postconf -h queue_directory)
  queued() { find "$queue"/{maildrop,incoming,active,deferred} -type f -print -quit 2>/dev/null; }
  drain() {  # up to 20 s until no mail is queued any more
    for _ in $(seq 400); do [ -z "$(queued)" ] && return 0; sleep 0.05; done
    echo "smtp: Postfix's queue did not drain in 20 s" >&2
  }
  # CAInfo = the test CA, as smtplib's cafile and curl's --cacert below.
  run_pb() {
    PB_BENCH_LATENCY=$WORK/smtp-lat-pb-$r \
      "$B" smtp-pb "$PLUGIN" "smtp://$SMTP_HOST:$SMTP_PORT" "$MAIL_USER" "$token" "$mail" "$MAILS" "$CA_FILE"
  }
  run_py() {
    PB_BENCH_LATENCY=$WORK/smtp-lat-py-${r:-0} \
      python3 bench/smtplib_bench.py "$SMTP_HOST" "$SMTP_PORT" "$MAIL_USER" "$token" "$CA_FILE" "$mail" "$1"
  }
  # smtp.log: per-mail latency over all rounds (µs; the first line of each file is connect + login, left out).
  spread() {
    tail -q -n +2 "$WORK"/smtp-lat-"$1"-[1-9]* | sort -n | awk -v who="$1" '{ v[NR] = $1 } END {
      printf "smtp per-mail µs, %s: p10 %d, p50 %d, p90 %d, p99 %d, max %d\n", who, v[int(NR * .1)], v[int(NR * .5)],
        v[int(NR * .9)], v[int(NR * .99)], v[NR] }' >&2
  }
  run_curl() {
    local t0 t1; t0=$(date +%s.%N)
    curl -sS --ssl-reqd --cacert "$CA_FILE" --user "$MAIL_USER:" --oauth2-bearer "$token" --mail-from "$MAIL_USER" \
      --mail-rcpt "$MAIL_USER" "${curl_args[@]}" >/dev/null
    t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
  }
  run_py 20 >/dev/null; drain  # warm-up, not timed
  : > "$WORK/smtp-pb"; : > "$WORK/smtp-py"; : > "$WORK/smtp-curl"; rm -f "$WORK"/smtp-lat-*
  local order=(pb py curl) r c
  for r in $(seq "$SMTP_ROUNDS"); do
    for c in "${order[@]}"; do
      drain
      case $c in
        pb) run_pb >> "$WORK/smtp-pb" ;;
        py) run_py "$MAILS" >> "$WORK/smtp-py" ;;
        curl) run_curl >> "$WORK/smtp-curl" ;;
      esac
    done
    order=("${order[@]:1}" "${order[0]}")
  done
  echo "smtp seconds per run (plugin | smtplib | curl):" \
    "$(tr '\n' ' ' < "$WORK/smtp-pb")| $(tr '\n' ' ' < "$WORK/smtp-py")| $(tr '\n' ' ' < "$WORK/smtp-curl")" >&2
  median() { sort -n "$WORK/smtp-$1" | awk '{ v[NR] = $1 } END { printf "%s", v[int((NR + 1) / 2)] }'; }
  echo "smtp median seconds: plugin $(median pb), smtplib $(median py), curl $(median curl)" >&2
  spread pb; spread py
  local pb py cu; pb=$(best < "$WORK/smtp-pb"); py=$(best < "$WORK/smtp-py"); cu=$(best < "$WORK/smtp-curl")
  rate() { awk -v n="$MAILS" -v s="$1" 'BEGIN { printf "%.0f mails/s", n / s }'; }
  echo "| SMTP $MAILS mails, one handle vs Python smtplib on one connection | $(rate "$pb") | $(rate "$py") | $(ratio "$py" "$pb") | ≥ 0.8 |"
  echo "| SMTP $MAILS mails, one handle vs the curl CLI ($MAILS URLs, one process) | $(rate "$pb") | $(rate "$cu") | $(ratio "$cu" "$pb") | |"
}
if ! want smtp; then :
elif [ -d tests/e2e/peers ] && [ "$(id -u)" = 0 ]; then
  smtp_rows 2> "$WORK/smtp.log" || echo "| SMTP $MAILS mails | not measured (peers: see artifacts/bench/smtp.log) | | | ≥ 0.8 |"
else
  echo "| SMTP $MAILS mails | not measured (needs the test peers, as root) | | | ≥ 0.8 |"
fi

#!/usr/bin/env bash
# ./build.sh bench: compares the published plugin with peers in the same run (see bench/bench.c).
# Starts nginx on 127.0.0.1 as the HTTP server for both clients and stops it by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/artifacts/bench
mkdir -p "$WORK/www" "$WORK/tmp"
for p in nginx-light libcurl4-openssl-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
head -c 2048 /dev/zero | tr '\0' 'x' > "$WORK/www/token.json"
PORT=18080
cat > "$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
CONF
nginx -c "$WORK/nginx.conf" & NGINX=$!
trap 'kill $NGINX 2>/dev/null || true; wait $NGINX 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/token.json" >/dev/null && break; sleep 0.1; done
gcc -O2 -Wall -Wextra -I"$ROOT/artifacts/include" bench/bench.c -o "$WORK/bench" -ldl -lcurl
"$WORK/bench" "${PB_PLUGIN:-$ROOT/artifacts/plugin/libPluginBridge.so}" "http://127.0.0.1:$PORT/token.json" "${REQUESTS:-2000}"

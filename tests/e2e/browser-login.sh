#!/bin/sh
# The host's --browser command for the e2e tests and the demo: headless Chromium signs in (see browser-login.mjs).
exec node "$(dirname "$0")/browser-login.mjs" "$@"

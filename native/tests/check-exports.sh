#!/usr/bin/env bash
# The library must export exactly the functions declared PB_API in pluginbridge.h — no more, no fewer.
# (The NativeAOT runtime adds its own DotNetRuntimeDebugHeader, which is not ours and is allowed.)
set -euo pipefail
lib=$1 header=$2
declared=$(grep -oE 'PB_API [^(]*\(' "$header" | grep -oE 'pb_[a-z_]+\(' | tr -d '(' | sort -u)
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v '^DotNetRuntimeDebugHeader$' | grep -v '^V1\.0$' | sort -u)
if [ "$declared" != "$exported" ]; then
  echo "declared in header:"; echo "$declared"; echo "exported by library:"; echo "$exported"
  diff <(echo "$declared") <(echo "$exported") || true
  exit 1
fi
echo "exports match the header: $(echo "$declared" | wc -l) functions"

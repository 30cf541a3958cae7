#!/usr/bin/env bash
# PluginBridge: build and test (Linux, macOS). Windows: build.cmd.
#
#   ./build.sh           build the plugin, header and host into artifacts/
#   ./build.sh deps      install what the tests need (apt, the peers' packages); idempotent
#   ./build.sh test      on a fresh machine too: deps, build, run every test, stop servers
#   ./build.sh demo      the article's OAuth + SMTP + IMAP flow against local servers, step by step
#                        (demo --fmx: the same through PluginBridge.fmx, as FileMaker loads it)
#   ./build.sh fuzz [S]  libFuzzer over pb_call and each managed parser for S seconds each (default 600;
#                        ./build.sh test runs pb_call for 30 s and each parser for 20 s)
#   ./build.sh docs      regenerate docs/functions.md from the registry
#   ./build.sh bench [ROW...]  benchmarks (ratios against a peer in the same run); rows: see bench/run.sh
#   ./build.sh plugin | fmx | host | clean     (fmx: the FileMaker plug-in, artifacts/fmx/)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
ART=$ROOT/artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "$(uname -s)" in
  Darwin) LIB=libPluginBridge.dylib; RID=osx-$( [ "$(uname -m)" = arm64 ] && echo arm64 || echo x64 ) ;;
  *)      LIB=libPluginBridge.so;    RID=linux-$( [ "$(uname -m)" = aarch64 ] && echo arm64 || echo x64 ) ;;
esac
export PB_PLUGIN=$ART/plugin/$LIB

say() { printf '\n== %s\n' "$*"; }

# Concurrent builds in one tree would trample each other's obj/ folders.
exec 9>"$ROOT/.build.lock" 2>/dev/null || true
flock 9 2>/dev/null || true

need_apt() {  # installs the Debian packages that are missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "missing packages: ${missing[*]} (install them)"; return 1; }
  say "apt-get install ${missing[*]}"
  [ -n "${PB_APT_UPDATED:-}" ] || { apt-get update -qq; export PB_APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_plugin() {
  say "NativeAOT publish: $LIB ($RID)"
  local log=$ART/logs/publish-plugin.log
  mkdir -p "$ART/plugin" "$ART/include" "$ART/logs"
  dotnet publish src/PluginBridge.Native/PluginBridge.Native.csproj -c Release -r "$RID" \
    -o "$ART/obj/plugin" -p:TrimmerSingleWarn=false >"$log" 2>&1 || { cat "$log"; return 1; }
  # The NativeAOT publish must stay free of trim and AOT warnings.
  if grep -E "warning IL[0-9]+" "$log" | sort -u | grep .; then echo "trim/AOT warnings above (full log: $log)"; return 1; fi
  # A new file renamed into place: overwriting the library in place would crash (SIGBUS) a process using it.
  cp "$ART/obj/plugin/PluginBridge${LIB##*PluginBridge}" "$ART/plugin/$LIB.new" && mv -f "$ART/plugin/$LIB.new" "$ART/plugin/$LIB"
  cp native/include/pluginbridge.h "$ART/include/pluginbridge.h"
  echo "plugin: artifacts/plugin/$LIB ($(du -h "$ART/plugin/$LIB" | cut -f1))"
}

# The FileMaker plug-in: the same engine published a second time with only the FMX door (FMExternCallProc).
# Linux: artifacts/fmx/PluginBridge.fmx. macOS: artifacts/fmx/PluginBridge.fmplugin (not built or tried here).
build_fmx() {
  say "NativeAOT publish: FileMaker plug-in ($RID)"
  local log=$ART/logs/publish-fmx.log
  mkdir -p "$ART/fmx" "$ART/logs"
  dotnet publish src/PluginBridge.Native/PluginBridge.Native.csproj -c Release -r "$RID" -p:PluginBridgeDoor=fmx \
    --artifacts-path "$ROOT/.build/fmx" -o "$ART/obj/fmx" -p:TrimmerSingleWarn=false >"$log" 2>&1 || { cat "$log"; return 1; }
  if grep -E "warning IL[0-9]+" "$log" | sort -u | grep .; then echo "trim/AOT warnings above (full log: $log)"; return 1; fi
  if [ "$(uname -s)" = Darwin ]; then
    local b=$ART/fmx/PluginBridge.fmplugin
    rm -rf "$b"; mkdir -p "$b/Contents/MacOS"
    cp "$ART/obj/fmx/PluginBridge.dylib" "$b/Contents/MacOS/PluginBridge"
    sed "s/@VERSION@/$(grep -oE 'Version = "[^"]+"' src/PluginBridge.Engine/Core/Plugin.cs | cut -d'"' -f2)/" \
      src/PluginBridge.Native/Fmx/Info.plist >"$b/Contents/Info.plist"
    echo "plug-in: artifacts/fmx/PluginBridge.fmplugin (unsigned: sign it before FileMaker will load it)"
  else
    cp "$ART/obj/fmx/PluginBridge.so" "$ART/fmx/PluginBridge.fmx.new" && mv -f "$ART/fmx/PluginBridge.fmx.new" "$ART/fmx/PluginBridge.fmx"
    echo "plug-in: artifacts/fmx/PluginBridge.fmx ($(du -h "$ART/fmx/PluginBridge.fmx" | cut -f1))"
  fi
}

build_host() {
  [ -d src/PluginBridge.Host ] || return 0
  say "host: artifacts/host/pluginbridge"
  rm -rf "$ART/obj/host"
  dotnet publish src/PluginBridge.Host/PluginBridge.Host.csproj -c Release -r "$RID" --self-contained false \
    -o "$ART/obj/host" >"$ART/logs/publish-host.log" 2>&1 || { cat "$ART/logs/publish-host.log"; return 1; }
  # Swapped in by rename, as the plugin is: a host still running keeps its old files.
  rm -rf "$ART/host.old"; [ -d "$ART/host" ] && mv "$ART/host" "$ART/host.old"
  mv "$ART/obj/host" "$ART/host"; rm -rf "$ART/host.old"
}

# The host's stand-in FMWrapper (artifacts/fmwrapper/libFMWrapper.so), with which it loads FileMaker plug-ins (.fmx),
# and the third-party-style C test plug-in the host tests load through it (artifacts/tests/ThirdPartyC.fmx).
build_fmwrapper() {
  say "FMWrapper (stand-in for FileMaker's): artifacts/fmwrapper/libFMWrapper.so"
  mkdir -p "$ART/fmwrapper" "$ART/tests" "$ART/logs"
  local log=$ART/logs/fmwrapper.log
  { cmake -S native/fmwrapper -B "$ART/obj/fmwrapper" -DCMAKE_BUILD_TYPE=Release && cmake --build "$ART/obj/fmwrapper" -j2 &&
    cmake -S native/tests/thirdparty -B "$ART/obj/thirdparty" -DCMAKE_BUILD_TYPE=Release && cmake --build "$ART/obj/thirdparty" -j2
  } >"$log" 2>&1 || { cat "$log"; return 1; }
  cp "$ART/obj/fmwrapper/libFMWrapper.so" "$ART/fmwrapper/libFMWrapper.so.new" && mv -f "$ART/fmwrapper/libFMWrapper.so.new" "$ART/fmwrapper/libFMWrapper.so"
  cp "$ART/obj/thirdparty/ThirdPartyC.fmx" "$ART/tests/ThirdPartyC.fmx.new" && mv -f "$ART/tests/ThirdPartyC.fmx.new" "$ART/tests/ThirdPartyC.fmx"
}

build_all() { build_plugin; build_fmx; build_fmwrapper; build_host; }

unit_tests() {
  say "xunit (managed tests; the native-library tests load artifacts/plugin/$LIB)"
  local rc=0
  # PluginBridge.PeerTests needs the running peers: peer_tests runs it (tests/e2e/run.sh), not this step.
  dotnet test PluginBridge.sln -c Release --filter "FullyQualifiedName!~PluginBridge.PeerTests" >"$ART/logs/xunit.log" 2>&1 || rc=$?
  grep -E "^(Passed|Failed)!|^\s+Failed |Error Message|^\s+(Assert|Expected|Actual)" "$ART/logs/xunit.log" | head -120 || true
  count_results "$ART/logs/xunit.log"
  [ $rc -eq 0 ] || { echo "xunit failed (full log: artifacts/logs/xunit.log)"; return 1; }
}

# Adds up "Passed!  - Failed: F, Passed: P" (dotnet test), "N tests failed out of M" (ctest) and "N passed, N failed".
PASSED=0; FAILED=0
count_results() {
  local p f
  p=$(grep -hoE "Passed: +[0-9]+" "$1" | awk '{s+=$2} END {print s+0}')
  f=$(grep -hoE "Failed: +[0-9]+" "$1" | awk '{s+=$2} END {print s+0}')
  PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
}

native_tests() {
  say "C harness (CMake + CTest) against artifacts/plugin/$LIB"
  cmake -S native/tests -B "$ART/obj/native-tests" -DPB_PLUGIN="$PB_PLUGIN" -DPB_INCLUDE="$ART/include" \
    -DPB_FMX="$ART/fmx/PluginBridge.fmx" -DPB_FMWRAPPER="$ART/fmwrapper/libFMWrapper.so" >/dev/null
  cmake --build "$ART/obj/native-tests" -j2 >/dev/null
  local rc=0
  (cd "$ART/obj/native-tests" && ctest --output-on-failure) 2>&1 | tee "$ART/logs/ctest.log" || rc=$?
  # The stand-in FMWrapper's own unit test (built by build_fmwrapper).
  (cd "$ART/obj/fmwrapper" && ctest --output-on-failure) 2>&1 | tee "$ART/logs/ctest-fmwrapper.log" || rc=$?
  local log total failed
  for log in "$ART/logs/ctest.log" "$ART/logs/ctest-fmwrapper.log"; do
    total=$(grep -oE "out of [0-9]+" "$log" | grep -oE "[0-9]+" | tail -1)
    failed=$(grep -oE "[0-9]+ tests failed" "$log" | grep -oE "^[0-9]+" | tail -1)
    PASSED=$((PASSED + ${total:-0} - ${failed:-0})); FAILED=$((FAILED + ${failed:-0}))
  done
  return $rc
}

# libFuzzer over pb_call (native/fuzz), on the corpus kept in the repo plus a scratch copy for what it finds.
fuzz_tests() {
  local seconds=${1:-30} bin=$ART/obj/fuzz/fuzz_pb_call work=$ART/obj/fuzz/corpus
  say "libFuzzer: pb_call for ${seconds} s"
  mkdir -p "$ART/obj/fuzz" "$work" "$ART/logs"
  clang -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address -I "$ART/include" native/fuzz/fuzz_pb_call.c \
    -o "$bin" -ldl
  local rc=0
  # The .NET runtime handles SIGSEGV itself (null references): neither ASan nor libFuzzer may take the signal.
  PB_PLUGIN=$PB_PLUGIN \
  ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0:allow_user_segv_handler=1:use_sigaltstack=0 \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -handle_segv=0 -handle_bus=0 -handle_fpe=0 \
    -handle_ill=0 -artifact_prefix="$ART/logs/fuzz-" "$work" native/fuzz/corpus/pb_call >"$ART/logs/fuzz.log" 2>&1 \
    || rc=$?
  grep -E "^Done|ERROR|deadly|Test unit written" "$ART/logs/fuzz.log" || true
  if [ $rc -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); echo "fuzzing failed: $ART/logs/fuzz.log"; fi
  return $rc
}

# The managed parsers (native/fuzz/managed), coverage-guided: SharpFuzz instruments the engine and host assemblies,
# native/fuzz/dotnet_driver.c runs libFuzzer and feeds the .NET process. Each target gets the given seconds.
managed_fuzz_tests() {
  local seconds=${1:-20} dir=$ART/obj/fuzz target rc=0
  say "libFuzzer: WebHook request framer, script parser, calculation parser (${seconds} s each)"
  mkdir -p "$dir" "$ART/logs"
  [ -x "$dir/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$dir/tools" \
    >"$ART/logs/fuzz-managed-build.log" 2>&1 || { cat "$ART/logs/fuzz-managed-build.log"; return 1; }
  # A fresh output folder: the instrumentation rewrites the assemblies in place, and must do so once.
  rm -rf "$dir/managed"
  { dotnet build native/fuzz/managed/PluginBridge.Fuzz.csproj -c Release -o "$dir/managed" \
      --artifacts-path "$ROOT/.build/fuzz" &&
    "$dir/tools/sharpfuzz" "$dir/managed/PluginBridge.Engine.dll" PluginBridge.Engine.WebHook &&
    "$dir/tools/sharpfuzz" "$dir/managed/pluginbridge.dll" PluginBridge.Host.Script PluginBridge.Host.Calc &&
    clang -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer native/fuzz/dotnet_driver.c -o "$dir/dotnet_driver"
  } >>"$ART/logs/fuzz-managed-build.log" 2>&1 || { cat "$ART/logs/fuzz-managed-build.log"; return 1; }
  for target in framer script calc; do
    local log=$ART/logs/fuzz-$target.log t=0
    mkdir -p "$dir/corpus-$target"
    PB_FUZZ_DLL=$dir/managed/PluginBridge.Fuzz.dll PB_FUZZ_TARGET=$target \
      "$dir/dotnet_driver" -max_total_time="$seconds" -timeout=10 -max_len=8192 -rss_limit_mb=4096 \
      -dict="native/fuzz/dict/$target.dict" -artifact_prefix="$ART/logs/fuzz-$target-" \
      "$dir/corpus-$target" "native/fuzz/corpus/$target" >"$log" 2>&1 || t=$?
    echo "$target: $(grep -E "^Done|^stat::number_of_executed_units" "$log" | tail -1)"
    grep -E "ERROR|deadly|Test unit written|threw|died" "$log" || true
    if [ $t -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); rc=1; echo "fuzzing failed: $log"; fi
  done
  return $rc
}

# The examples' Test scripts through the published host, as a CI server runs them (pluginbridge test --junit).
example_tests() {
  say "examples' Test scripts (pluginbridge test --junit, artifacts/logs/junit-*.xml)"
  local rc=0 path name
  : >"$ART/logs/examples.log"
  for path in examples/*/ examples/office365-smtp/saxml/office365-smtp.xml; do
    [ -f "$path" ] || ls "$path"Test*.fmscript >/dev/null 2>&1 || continue
    name=$(basename "$path" .xml); [ -f "$path" ] && name=$name-saxml
    "$ART/host/pluginbridge" test "$path" --junit "$ART/logs/junit-$name.xml" 2>&1 | tee -a "$ART/logs/examples.log" || rc=$?
  done
  local p f
  p=$(grep -hoE "^[0-9]+ passed, [0-9]+ failed" "$ART/logs/examples.log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -hoE "^[0-9]+ passed, [0-9]+ failed" "$ART/logs/examples.log" | awk '{s+=$3} END {print s+0}')
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  return $rc
}

peer_tests() {
  [ -x tests/e2e/run.sh ] || return 0
  say "tests against real peers (oidc-provider, Postfix, Dovecot, Chromium) on 127.0.0.1"
  local rc=0
  tests/e2e/run.sh 2>&1 | tee "$ART/logs/e2e.log" || rc=$?
  count_results "$ART/logs/e2e.log"
  local p f
  p=$(grep -hoE "^[0-9]+ passed, [0-9]+ failed" "$ART/logs/e2e.log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -hoE "^[0-9]+ passed, [0-9]+ failed" "$ART/logs/e2e.log" | awk '{s+=$3} END {print s+0}')
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  return $rc
}

install_test_deps() {
  need_apt cmake gcc make curl openssl clang nginx-light
  # libFuzzer's runtime comes with the compiler-rt package of clang's own version.
  need_apt "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev"
  [ -x tests/e2e/peers/install.sh ] && tests/e2e/peers/install.sh
  return 0
}

cmd=${1:-build}
case "$cmd" in
  build)   build_all ;;
  plugin)  build_plugin ;;
  fmx)     build_fmx ;;
  host)    build_fmwrapper; build_host ;;
  deps)    install_test_deps ;;
  fuzz)    build_plugin; rc=0; fuzz_tests "${2:-600}" || rc=1; managed_fuzz_tests "${2:-600}" || rc=1; exit $rc ;;
  test)    install_test_deps; build_all; mkdir -p "$ART/logs"
           rc=0; unit_tests || rc=1; example_tests || rc=1; native_tests || rc=1; fuzz_tests 30 || rc=1
           managed_fuzz_tests 20 || rc=1; peer_tests || rc=1
           say "summary"; echo "$PASSED passed, $FAILED failed"
           [ $rc -eq 0 ] && [ "$FAILED" -eq 0 ] || exit 1 ;;
  demo)    [ -x tests/e2e/demo.sh ] || { echo "demo not available"; exit 1; }; install_test_deps; build_all; tests/e2e/demo.sh "${@:2}" ;;
  docs)    dotnet run --project tools/GenDocs -c Release --artifacts-path .build/docs -- docs/functions.md ;;
  bench)   build_all; [ -x bench/run.sh ] && bench/run.sh "${@:2}" ;;
  clean)   rm -rf "$ART" .build; find src tests tools -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} + ;;
  *)       echo "usage: ./build.sh [build|deps|test|fuzz [SECONDS]|demo|docs|bench|plugin|fmx|host|clean]"; exit 2 ;;
esac

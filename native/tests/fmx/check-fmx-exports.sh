#!/usr/bin/env bash
# PluginBridge.fmx must export FMExternCallProc and nothing else of ours (the NativeAOT runtime adds
# DotNetRuntimeDebugHeader), carry its file name as SONAME (FileMaker Server shows it as the plug-in version), and
# stay loaded when a host dlclose()s it.
set -euo pipefail
lib=$1
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v '^DotNetRuntimeDebugHeader$' | grep -v '^V1\.0$' | sort -u)
[ "$exported" = FMExternCallProc ] || { echo "exports: $exported"; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "$(basename "$lib")" ] || { echo "soname '$soname', file $(basename "$lib")"; exit 1; }
# NativeAOT cannot be unloaded: the plug-in must stay mapped when the host dlclose()s it.
readelf -d "$lib" | grep -q 'FLAGS_1.*NODELETE' || { echo "not marked NODELETE"; exit 1; }
echo "exports: FMExternCallProc only; soname $soname; NODELETE"

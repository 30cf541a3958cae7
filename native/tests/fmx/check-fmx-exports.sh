#!/usr/bin/env bash
# PluginBridge.fmx must export FMExternCallProc and nothing else of ours (the NativeAOT runtime adds
# DotNetRuntimeDebugHeader), and carry its file name as SONAME (FileMaker Server shows it as the plug-in version).
set -euo pipefail
lib=$1
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v '^DotNetRuntimeDebugHeader$' | grep -v '^V1\.0$' | sort -u)
[ "$exported" = FMExternCallProc ] || { echo "exports: $exported"; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "$(basename "$lib")" ] || { echo "soname '$soname', file $(basename "$lib")"; exit 1; }
echo "exports: FMExternCallProc only; soname $soname"

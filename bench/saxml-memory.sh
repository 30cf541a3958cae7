#!/usr/bin/env bash
# Peak memory of the host reading a "Save a Copy as XML" export, small and large: the article's export
# (examples/office365-smtp/saxml/office365-smtp.xml, ~100 KB) and the same file grown to ~100 MB in UTF-16, as
# FileMaker writes it, by what makes real exports large (more scripts whose steps carry chunk lists, and a
# DDR_INFO section).
# Each run is `pluginbridge test FILE --no-plugin` (it reads the whole export, then runs its Test script); the figure
# is the process's peak resident set (GNU time, "Maximum resident set size").
#   bench/saxml-memory.sh [SIZE_MB]        (default 100; needs ./build.sh host and python3)
#   PB_SCRIPT_SHARE=0.35: the part of the growth that is scripts (the rest is DDR_INFO); PB_HOST: another host.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${PB_HOST:-artifacts/host/pluginbridge}
SMALL=examples/office365-smtp/saxml/office365-smtp.xml
MB=${1:-100}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$SMALL" "$WORK/big.xml" "$MB" <<'EOF'
import sys, uuid
small, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = open(small, encoding="utf-8").read().replace('encoding="utf-8"', 'encoding="UTF-16"', 1)
# One filler script: steps as FileMaker writes them, each calculation with its chunk list (ignored by the host).
def step(i, n):
    calc = f'JSONSetElement ( $json ; "key{n}" ; $value{n} & " {uuid.uuid4()}" ; JSONString )'
    return (f'<Step hash="{uuid.uuid4().hex.upper()}" index="{i}" id="141" name="Set Variable" enable="True">'
            f'<Options>16388</Options><ParameterValues membercount="1"><Parameter type="Variable"><value>'
            f'<Calculation datatype="1" position="1"><Calculation><Text><![CDATA[{calc}]]></Text>'
            f'<ChunkList hash="{uuid.uuid4().hex.upper()}"><Chunk type="FunctionRef">JSONSetElement</Chunk>'
            f'<Chunk type="NoRef"> ( </Chunk><Chunk type="VariableReference">$json</Chunk>'
            f'<Chunk type="NoRef"> ; &quot;key{n}&quot; ; </Chunk><Chunk type="VariableReference">$value{n}</Chunk>'
            f'<Chunk type="NoRef"> ) </Chunk></ChunkList></Calculation></Calculation></value>'
            f'<Name value="$json"></Name><repetition></repetition></Parameter></ParameterValues></Step>\n')
def script(k):
    steps = "".join(step(i, k * 40 + i) for i in range(40))
    return (f'<Script><ScriptReference id="{1000 + k}" name="Filler {k}" UUID="{uuid.uuid4()}"></ScriptReference>'
            f'<ObjectList membercount="40">{steps}</ObjectList></Script>\n')
def ddr(k):
    tag = f"_{uuid.uuid4()}_0"
    return (f'<{tag} hash="{uuid.uuid4().hex.upper()}" datatype="ChunkList">'
            f'<ChunkList hash="{uuid.uuid4().hex.upper()}"><Chunk type="FunctionRef">If</Chunk>'
            f'<Chunk type="NoRef">( </Chunk><Chunk type="FieldRef"><FieldReference id="{k}" name="Field {k}" '
            f'repetition="1" UUID="{uuid.uuid4()}"><TableOccurrenceReference id="1065089" name="Office 365 oAuth SMTP" '
            f'UUID="{uuid.uuid4()}"></TableOccurrenceReference></FieldReference></Chunk>'
            f'<Chunk type="NoRef"> ; 1 ; 0 )</Chunk></ChunkList></{tag}>\n')
target = mb * 1024 * 1024 // 2  # characters: UTF-16 doubles them
scripts = int(target * float(__import__("os").environ.get("PB_SCRIPT_SHARE", "0.35"))) // len(script(0))
catalog = "".join(f'<Script id="{1000 + k}" name="Filler {k}"></Script>\n' for k in range(scripts))
body = "".join(script(k) for k in range(scripts))
doc = doc.replace("</ScriptCatalog>", catalog + "</ScriptCatalog>", 1)
doc = doc.replace("</StepsForScripts>", body + "</StepsForScripts>", 1)
rest = target - len(doc)
block = ddr(1)
ddr_info = "<DDR_INFO><Calculation><ObjectList>\n" + "".join(ddr(k) for k in range(max(0, rest // len(block)))) \
    + "</ObjectList></Calculation></DDR_INFO>\n"
doc = doc.replace("</FMSaveAsXML>", ddr_info + "</FMSaveAsXML>", 1)
with open(out, "w", encoding="utf-16") as f:  # with a byte-order mark, as FileMaker writes
    f.write(doc)
print(f"generated {out}: {scripts} filler scripts of 40 steps, DDR_INFO filler")
EOF

measure() {
  local label=$1 file=$2 log=$WORK/time.log
  /usr/bin/time -v "$HOST" test "$file" --no-plugin >"$WORK/out.log" 2>"$log" || { cat "$WORK/out.log" "$log"; exit 1; }
  local rss secs
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  printf '%-28s %8.1f MB file  %8.1f MB peak RSS  %s wall\n' "$label" \
    "$(echo "$(stat -c %s "$file") / 1048576" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$secs"
}
measure "article export (UTF-8)" "$SMALL"
measure "grown export (UTF-16)" "$WORK/big.xml"

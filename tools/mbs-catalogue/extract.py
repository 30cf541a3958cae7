#!/usr/bin/env python3
"""Writes data/mbs-signatures.tsv and data/mbs-example-calls.tsv from the MBS function catalogue.

The catalogue (CadenceUX/monkeybread-mbs-plugin-skill, CC BY 4.0) has one references/group-NN.json per set of
components; each function entry has "name", "signature" ('MBS( "JSON.Format"; JSON )') and "examples" with
"xml_code" (FileMaker XML snippets whose <Calculation> elements hold the MBS calls).

Usage: extract.py CATALOGUE_REFERENCES_DIR [--families JSON,CURL,...] [--out DATA_DIR]
"""
import argparse, glob, json, os, re, sys

DEFAULT_FAMILIES = ["JSON", "CURL", "SendMail", "WebHook", "WebRequest", "WebView", "Text", "FM", "Plugin", "Hash", "Path",
                    "Version", "VersionAutoUpdate", "IsRegistered", "Register", "Platform", "IsError", "ClearErrors",
                    "HadErrors", "ErrorLog"]

# The same header comments as the files in the repository, so a full run only changes the data rows.
SIGNATURES_HEADER = """\
# MBS function signatures: name, parameter list as MBS documents it (optional ones in braces, "..." repeats), source.
# Data from the MBS function catalogue (CadenceUX/monkeybread-mbs-plugin-skill, references/group-NN.json, CC BY 4.0,
# generated from Monkeybread Software's MBS.docset, plugin 16.2) and the vendor pages it mirrors.
# Regenerate with tools/mbs-catalogue/extract.py from a checkout of the catalogue; see tools/mbs-catalogue/README.md.
"""
EXAMPLES_HEADER = """\
# MBS calls in the example scripts of the MBS function catalogue (CadenceUX/monkeybread-mbs-plugin-skill, CC BY 4.0):
# example, function, number of parameters passed (calls in disabled steps and // comments count): every example of
# the families asked for, written by tools/mbs-catalogue/extract.py; see tools/mbs-catalogue/README.md.
"""

def parameters(signature, name):
    """'MBS( "X"; a { ; b } )' -> 'a { ; b }'; 'MBS( "X" { ; b } )' -> '{ ; b }'."""
    inner = signature.strip()
    inner = inner[inner.index("(") + 1: inner.rindex(")")].strip()
    inner = inner[len(json.dumps(name)):].strip()
    return inner[1:].strip() if inner.startswith(";") else inner

def calls(code):
    """Yields (function, parameter count) for every MBS( "Name" ... ) call in a calculation, nested ones too."""
    for m in re.finditer(r'MBS\s*\(\s*"([A-Za-z0-9_.]+)"', code):
        depth, count, i, in_str = 1, 0, m.end(), False
        has_param = False
        while i < len(code) and depth > 0:
            c = code[i]
            if in_str:
                if c == "\\": i += 1
                elif c == '"': in_str = False
            elif c == '"': in_str = True
            elif c == "(": depth += 1
            elif c == ")": depth -= 1
            elif c == ";" and depth == 1: count += 1; has_param = True
            i += 1
        if depth == 0:  # a call left open (a typographic quote in MBS's example) is no call FileMaker could run
            yield m.group(1), count

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("references")
    ap.add_argument("--families", default=",".join(DEFAULT_FAMILIES))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"))
    args = ap.parse_args()
    families = set(args.families.split(","))
    sigs, examples = [], []
    for path in sorted(glob.glob(os.path.join(args.references, "group-*.json"))):
        group = os.path.basename(path)[:-5]
        for comp_name, comp in json.load(open(path, encoding="utf-8"))["components"].items():
            if comp_name not in families: continue
            for fn in comp["functions"]:
                sigs.append((fn["name"], parameters(fn["signature"], fn["name"]), f"catalogue {group} ({comp_name})"))
                for ex in fn.get("examples", []):
                    code = " ".join(re.findall(r"<Calculation>(.*?)</Calculation>", ex.get("xml_code") or "", re.S))
                    code = code.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                    for name, count in calls(code):
                        examples.append((f'{fn["name"]}: {ex.get("label", "")}', name, count))
    with open(os.path.join(args.out, "mbs-signatures.tsv"), "w", encoding="utf-8") as f:
        f.write(SIGNATURES_HEADER)
        for row in sigs: f.write("\t".join(row) + "\n")
    with open(os.path.join(args.out, "mbs-example-calls.tsv"), "w", encoding="utf-8") as f:
        f.write(EXAMPLES_HEADER)
        for lab, name, count in examples: f.write(f"{lab}\t{name}\t{count}\n")
    print(f"{len(sigs)} signatures, {len(examples)} example calls", file=sys.stderr)

if __name__ == "__main__":
    main()

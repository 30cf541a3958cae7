#!/usr/bin/env python3
"""Moves function descriptions out of registration calls into the family's doc table.

    r.Add("Text.Foo", "Text { ; Encoding }", "What it does.", Foo);
becomes
    r.Add("Text.Foo", "Text { ; Encoding }", Foo);
plus the line "Text.Foo<TAB>What it does." in functions.tsv of the family folder (the folder below
src/PluginBridge.Engine), which the engine embeds and the registry reads (see Core/FunctionDocs.cs).

Deterministic and idempotent: a call without a description literal is left as it is; a name already in the table
gets the description from the code. For merging branches written before the doc tables:
    python3 tools/style/move_docs.py src/PluginBridge.Engine
Calls whose description is not a plain string literal are listed, not changed (exit code 1).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csharp_scan import split_args, concatenated_literal, decode_literal  # noqa: E402

MAX = 120
CALL = re.compile(r"\b(?:r|\w+Functions)\.Add\(")
HEADER = "# function\twhat it does (one line per registered function; docs/functions.md is generated from these)\n"


def family_dir(engine_root, path):
    rel = os.path.relpath(path, engine_root).split(os.sep)
    return os.path.join(engine_root, rel[0]) if len(rel) > 1 else None


def rewrite(text, path, problems):
    """(new text, [(name, doc)]) for one source file."""
    out = []
    docs = []
    pos = 0
    for m in CALL.finditer(text):
        if m.start() < pos:
            continue
        try:
            args, close = split_args(text, m.end())
        except ValueError:
            continue
        pieces = [text[a:b].strip() for a, b in args]
        k = next((i for i, p in enumerate(pieces[:2]) if decode_literal(p) is not None), None)
        if k is None or len(pieces) < k + 4 or decode_literal(pieces[k + 1]) is None:
            continue
        doc = concatenated_literal(pieces[k + 2])
        name = decode_literal(pieces[k])
        if doc is None:
            if pieces[k + 2].lstrip().startswith(('"', '$', '@')) or "+" in pieces[k + 2]:
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{path}:{line}: {name}: the description is not a plain string literal")
            continue
        if "\t" in doc or "\n" in doc:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path}:{line}: {name}: a tab or line break in the description")
            continue
        docs.append((name, doc))
        line_start = text.rfind("\n", 0, m.start()) + 1
        indent = len(text[line_start:m.start()]) - len(text[line_start:m.start()].lstrip())
        column = m.start() - line_start
        head = text[m.start():m.end()] + ", ".join(pieces[:k + 2])
        rest = ", ".join(pieces[k + 3:]) + ")"
        one = head + ", " + rest
        if "\n" not in one and column + len(one) + 1 <= MAX:
            call = one
        else:
            call = head + ",\n" + " " * (indent + 4) + rest
        out.append(text[pos:m.start()])
        out.append(call)
        pos = close + 1
    out.append(text[pos:])
    return "".join(out), docs


def update_table(table_path, docs):
    lines = []
    if os.path.exists(table_path):
        with open(table_path, encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
    if not lines:
        lines = [HEADER]
    index = {ln.split("\t", 1)[0]: i for i, ln in enumerate(lines) if "\t" in ln and not ln.startswith("#")}
    for name, doc in docs:
        entry = f"{name}\t{doc}\n"
        if name in index:
            lines[index[name]] = entry
        else:
            index[name] = len(lines)
            lines.append(entry)
    with open(table_path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    engine_root = os.path.abspath(argv[1])
    problems = []
    by_family = {}
    moved = 0
    for folder, dirs, files in os.walk(engine_root):
        dirs[:] = sorted(d for d in dirs if d not in ("bin", "obj"))
        for name in sorted(files):
            if not name.endswith(".cs"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            new, docs = rewrite(text, os.path.relpath(path), problems)
            if not docs:
                continue
            family = family_dir(engine_root, path)
            if family is None:
                problems.append(f"{path}: registrations outside a family folder")
                continue
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(new)
            by_family.setdefault(family, []).extend(docs)
            moved += len(docs)
    for family, docs in sorted(by_family.items()):
        update_table(os.path.join(family, "functions.tsv"), docs)
    print(f"{moved} descriptions moved into {len(by_family)} doc tables")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

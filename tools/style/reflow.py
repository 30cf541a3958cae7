#!/usr/bin/env python3
"""Wraps C# lines longer than 120 characters (the .editorconfig rule), deterministically and idempotently.

    python3 tools/style/reflow.py [--check] [--max N] PATH...

PATH is a .cs file or a folder (bin/ and obj/ are skipped). A long line is wrapped at the safest point that makes
its first part fit, outermost brackets first:
  after if (…) and the like; after a comma; before a binary operator written with spaces (&& || ?? + - * / % ==
  != ? : or and); after =>;
  inside a plain string literal at a space, as "…" + "…"; before .Member of a call chain; after = ; after ( or [.
The rest goes on the next line, indented 4 more than the line, and is wrapped again if still too long. A trailing
// comment moves onto its own line above the code; // and /// comment lines are wrapped at spaces.
Never touched: preprocessor lines and any line that a verbatim, raw or other multi-line string or a /* */ comment
touches. Lines it cannot wrap are listed (file:line (length) why), then the long lines inside multi-line raw
strings, which are data (StyleTests does not count them); the exit code is 1 when there are lines it cannot wrap.
--check writes nothing: it lists what it would wrap and what it cannot, and exits 1 if anything would change.
Only whitespace outside literals changes, plus "…" + "…" where a literal is split; every change is checked so.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csharp_scan import skip_char, skip_code_until, skip_string, starts_string  # noqa: E402

MAX = 120
MIN_FIRST = 12  # a first part shorter than this (beyond the indent) is no real progress
BINARY = ["&&", "||", "??", "==", "!=", "+", "-", "*", "/", "%", "?", ":", "or", "and", "when"]
RANK = {"statement": -1, "comma": 0, "binary": 1, "arrow": 2, "string": 3, "dot": 4, "assign": 5, "open": 6,
        "string-any": 7}


def width(text):
    """Length as C# counts it (UTF-16 code units), which is what StyleTests measures."""
    return len(text.encode("utf-16-le")) // 2


RAW = "inside a multi-line raw string (data: StyleTests does not count it)"
OTHER = "a preprocessor line, or a verbatim string or /* */ comment over several lines touches it"


class Unwrappable(Exception):
    pass


def multiline_spans(text):
    """Line number (0-based) → why it is left alone: RAW inside a multi-line raw string, OTHER for a line that
    another multi-line literal or comment touches, or a preprocessor line."""
    touched = {}
    i = 0
    line = 0
    n = len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if at_line_start and c == "#":
            touched[line] = OTHER
        if c not in " \t\r":
            at_line_start = False
        if starts_string(text, i):
            end = skip_string(text, i)
        elif c == "'":
            end = skip_char(text, i)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        else:
            i += 1
            continue
        lines = text.count("\n", i, end)
        if lines or text.startswith("/*", i):
            raw = re.match(r'\$*"""', text[i:i + 8]) is not None
            for k in range(line, line + lines + 1):
                touched[k] = RAW if raw and line < k < line + lines else OTHER
        line += lines
        i = end
    return touched


def scan_line(code):
    """Candidates to break a single line of code: (kind, depth, first, rest). Strings, chars and a trailing
    comment are skipped; depth counts (, [ and { opened on this line."""
    out = []
    depth = 0
    i = 0
    n = len(code)

    def add(kind, d, first, rest):
        first = first.rstrip()
        rest = rest.strip()
        if rest and re.search(r"[\w\"'$@]", rest):
            out.append((kind, d, first, rest))

    generic_closes = []  # where the type argument lists opened on this line close
    header = re.match(r"\s*(?:\}\s*)?(?:else\s+)?(?:if|while|for|foreach|using|lock|fixed)\s*\(", code)
    header_close = skip_code_until(code, header.end(), ")") if header else -1
    while i < n:
        c = code[i]
        if i == header_close and code[i + 1:].strip() and not code[i + 1:].lstrip().startswith("{"):
            add("statement", depth - 1, code[:i + 1], code[i + 1:])
        if c == "}" and depth == 1 and re.match(r"\}\s+(catch|else|finally)\b", code[i:]):
            add("statement", 0, code[:i + 1], code[i + 1:])
        if starts_string(code, i):
            end = skip_string(code, i)
            split_string(code, i, end, depth, add)
            i = end
            continue
        if c == "'":
            i = skip_char(code, i)
            continue
        if code.startswith("//", i) or code.startswith("/*", i):
            raise Unwrappable("a comment inside the code")
        if c == "<" and i > 0 and (code[i - 1].isalnum() or code[i - 1] == "_") and generic_end(code, i):
            generic_closes.append(generic_end(code, i) - 1)
            depth += 1
            i += 1
            continue
        if c == ">" and generic_closes and generic_closes[-1] == i:
            generic_closes.pop()
            depth -= 1
            i += 1
            continue
        if c in "([{":
            if c in "([" and i + 1 < n and code[i + 1] not in ")]":
                add("open", depth + 1, code[:i + 1], code[i + 1:])
            depth += 1
        elif c in ")]}":
            depth -= 1
            member = code[i + 2:i + 3]
            if c in ")]" and code.startswith(".", i + 1) and (member.isalpha() or member == "_"):
                add("dot", depth, code[:i + 1], code[i + 1:])
        elif c == ",":
            add("comma", depth, code[:i + 1], code[i + 1:])
        elif code.startswith(" => ", i - 1) and c == "=":
            add("arrow", depth, code[:i + 2], code[i + 2:])
            i += 2
            continue
        elif c == "=" and code.startswith(" = ", i - 1):
            add("assign", depth, code[:i + 1], code[i + 1:])
        elif c != " " and i > 0 and code[i - 1] == " ":
            for op in BINARY:
                if code.startswith(op + " ", i):
                    add("binary", depth, code[:i], code[i:])
                    i += len(op)
                    break
            else:
                i += 1
            continue
        i += 1
    return out


def generic_end(code, i):
    """code[i] is '<' after a name: the index after its matching '>' when it reads as type arguments, else None."""
    depth = 0
    for k in range(i, len(code)):
        ch = code[k]
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
            if depth == 0:
                return k + 1
        elif not (ch.isalnum() or ch in "_ ,.?[]()*"):
            return None
    return None


def split_string(code, start, end, depth, add):
    """Break points inside a plain, verbatim or interpolated (not raw or u8) literal that stands alone as an operand,
    so that "a" + "b" means the same: after a space, else after punctuation, never inside an escape sequence or
    an interpolation hole. A literal followed by .Member is put in parentheses: ("a" + "b").Member."""
    prefix = ""
    j = start
    while code[j] in "$@":
        prefix += code[j]
        j += 1
    if code.startswith('"""', j) or code.startswith("u8", end) or end > len(code) or not code[end - 1] == '"':
        return
    before = code[:start].rstrip()
    after = code[end:].lstrip()
    if not (before == "" or before.endswith(("(", ",", "=", "+", "?", ":", "return", "=>", "??", "[", "{", "throw"))):
        return
    member = after.startswith(".")
    if not (after == "" or after[0] in ",);+]}:" or member):
        return
    opening, closing = ("(", ")") if member else ("", "")
    verbatim = "@" in prefix
    k = j + 1
    while k < end - 1:
        ch = code[k]
        step = 1
        if ch == "\\" and not verbatim:
            step = escape_length(code, k)
        elif ch == '"' and verbatim:
            step = 2  # "" is one quote
        elif prefix.count("$") and ch == "{":
            if code.startswith("{{", k):
                step = 2
            else:
                k = skip_code_until(code, k + 1, "}") + 1
                continue
        k += step
        if k >= end - 1:
            break
        kind = "string" if code[k - 1] == " " else "string-any" if code[k - 1] in "&,;|/]}>" else None
        if kind:
            add(kind, depth + 1, code[:start] + opening + code[start:k] + '" +', prefix + '"' + code[k:end] + closing
                + code[end:])


def escape_length(code, k):
    """Length of the escape sequence starting with the backslash at code[k]."""
    e = code[k + 1] if k + 1 < len(code) else ""
    if e == "u":
        return 6
    if e == "U":
        return 10
    if e == "x":
        n = 2
        while n < 6 and k + n < len(code) and code[k + n] in "0123456789abcdefABCDEF":
            n += 1
        return n
    return 2


def wrap_comment(indent, marker, words, limit):
    """Comment text as lines of at most `limit` characters, each starting with indent + marker."""
    lines = []
    current = ""
    for word in words:
        candidate = (current + " " + word) if current else word
        if current and width(indent + marker + " " + candidate) > limit:
            lines.append(indent + marker + " " + current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(indent + marker + " " + current)
    if any(width(x) > limit for x in lines):
        raise Unwrappable("a word longer than the line")
    return lines


def split_trailing_comment(line):
    """(code, comment) where comment is the // … at the end of the line outside literals, or None."""
    i = 0
    while i < len(line):
        if starts_string(line, i):
            i = skip_string(line, i)
            continue
        if line[i] == "'":
            i = skip_char(line, i)
            continue
        if line.startswith("//", i):
            return line[:i].rstrip(), line[i:]
        if line.startswith("/*", i):
            raise Unwrappable("a /* */ comment")
        i += 1
    return line, None


def wrap_code(line, continuation, limit):
    """The code line as lines of at most `limit` characters; continuation lines start with `continuation`.
    Of the ways to break, the one giving the fewest lines; among those, the outermost break, then the kind of
    break in RANK order, then the longest first line."""
    memo = {}

    def best(text):
        if text in memo:
            return memo[text]
        if width(text) <= limit:
            memo[text] = (1, [text])
            return memo[text]
        indent = text[:len(text) - len(text.lstrip())]
        choices = []
        for kind, depth, first, rest in scan_line(text):
            if width(first) > limit or width(first) - len(indent) < MIN_FIRST:
                continue
            try:
                count, lines = best(continuation + rest)
            except Unwrappable:
                continue
            choices.append(((count + 1, depth, RANK[kind], -len(first)), [first] + lines))
        if not choices:
            raise Unwrappable("no place to break that makes the line fit")
        key, lines = min(choices, key=lambda c: c[0])
        memo[text] = (key[0], lines)
        return memo[text]

    return best(line)[1]


def same_code(old, new_lines):
    """Only whitespace outside literals changed, or a literal was split as "…" + "…" (in parentheses before a
    .Member)."""
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    a, b = squash(old), squash("".join(new_lines))
    if a == b:
        return True
    b = re.sub(r'"\+(\$@|@\$|\$|@)?"', "", b)
    unparen = lambda s: re.sub(r'\((\$?@?"(?:[^"\\]|\\.)*")\)', r"\1", s)  # noqa: E731
    return a == b or unparen(a) == unparen(b)


def reflow_line(line, limit):
    """The replacement lines for one line longer than the limit."""
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    for marker in ("///", "//"):
        if stripped.startswith(marker):
            body = stripped[len(marker):]
            return wrap_comment(indent, marker, body.split(), limit)
    code, comment = split_trailing_comment(line)
    out = []
    if comment is not None:
        marker = "///" if comment.startswith("///") else "//"
        out += wrap_comment(indent, marker, comment[len(marker):].split(), limit)
    code_lines = wrap_code(code, indent + "    ", limit)
    if not same_code(code, code_lines):
        raise Unwrappable("the wrapped line would not be the same code")
    return out + code_lines


def reflow_text(text, limit, path, problems, data):
    """(new text, number of long lines wrapped)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    skip = multiline_spans(text.replace("\r\n", "\n"))
    out = []
    wrapped = 0
    for number, line in enumerate(lines):
        if width(line) <= limit:
            out.append(line)
            continue
        if number in skip:
            (data if skip[number] == RAW else problems).append(f"{path}:{number + 1} ({width(line)}) {skip[number]}")
            out.append(line)
            continue
        try:
            out += reflow_line(line, limit)
            wrapped += 1
        except Unwrappable as e:
            problems.append(f"{path}:{number + 1} ({width(line)}) {e}")
            out.append(line)
    return newline.join(out), wrapped


def files_under(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in ("bin", "obj", ".git", "node_modules"))
            for name in sorted(names):
                if name.endswith(".cs"):
                    yield os.path.join(folder, name)


def main(argv):
    args = argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    limit = MAX
    if "--max" in args:
        k = args.index("--max")
        limit = int(args[k + 1])
        del args[k:k + 2]
    if not args:
        print(__doc__)
        return 2
    problems = []
    data = []
    total = 0
    changed_files = 0
    for path in files_under(args):
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        new, wrapped = reflow_text(text, limit, path, problems, data)
        if new != text:
            changed_files += 1
            total += wrapped
            if not check:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(new)
    verb = "would wrap" if check else "wrapped"
    print(f"{verb} {total} lines in {changed_files} files; {len(problems)} lines cannot be wrapped (shorten them by "
          f"hand); {len(data)} long lines are raw-string data")
    for p in problems + data:
        print(p)
    return 1 if problems or (check and total) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""A small C# lexer shared by the style tools: where strings, chars and comments begin and end.

Enough of C# to never split inside a literal or a comment: regular, verbatim (@), interpolated ($, $@, @$) and raw
(\"\"\" …) strings, char literals, // and /* */ comments.
"""


def skip_string(s, i):
    """s[i] starts a string literal (maybe after its $/@ prefix): the index just after its end."""
    j = i
    dollars = 0
    verbatim = False
    while s[j] in "$@":
        if s[j] == "$":
            dollars += 1
        else:
            verbatim = True
        j += 1
    quotes = 0
    while j + quotes < len(s) and s[j + quotes] == '"':
        quotes += 1
    if quotes >= 3:  # raw string: ends at the same number of quotes
        end = s.find('"' * quotes, j + quotes)
        return len(s) if end < 0 else end + quotes
    j += 1
    while j < len(s):
        c = s[j]
        if c == "\\" and not verbatim:
            j += 2
            continue
        if c == '"':
            if verbatim and j + 1 < len(s) and s[j + 1] == '"':
                j += 2
                continue
            return j + 1
        if dollars and c == "{":
            if j + 1 < len(s) and s[j + 1] == "{":
                j += 2
                continue
            j = skip_code_until(s, j + 1, "}") + 1
            continue
        if c == "\n" and not verbatim:
            return j  # unterminated on this line
        j += 1
    return j


def skip_char(s, i):
    """s[i] is the opening ' of a char literal: the index just after it."""
    j = i + 1
    if j < len(s) and s[j] == "\\":
        j += 2
    else:
        j += 1
    while j < len(s) and s[j] != "'" and s[j] != "\n":
        j += 1
    return j + 1


def starts_string(s, i):
    """True when a string literal (with any $/@ prefix) starts at s[i]."""
    j = i
    while j < len(s) and s[j] in "$@" and j - i < 3:
        j += 1
    return j < len(s) and s[j] == '"'


def skip_literal_or_comment(s, i):
    """Index just past the string, char literal or comment starting at s[i]; i itself when none starts there."""
    if starts_string(s, i):
        return skip_string(s, i)
    if s[i] == "'":
        return skip_char(s, i)
    if s.startswith("//", i):
        nl = s.find("\n", i)
        return len(s) if nl < 0 else nl
    if s.startswith("/*", i):
        end = s.find("*/", i + 2)
        return len(s) if end < 0 else end + 2
    return i


def skip_code_until(s, i, closer):
    """Index of the closer that ends the code starting at s[i], at bracket depth 0 (len(s) if none)."""
    depth = 0
    while i < len(s):
        c = s[i]
        past = skip_literal_or_comment(s, i)
        if past != i:
            i = past
            continue
        if depth == 0 and c == closer:
            return i
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        i += 1
    return i


def split_args(s, i):
    """s[i] is just after '(': the list of (start, end) of each top-level argument, and the index of ')'."""
    args = []
    start = i
    depth = 0
    while i < len(s):
        c = s[i]
        past = skip_literal_or_comment(s, i)
        if past != i:
            i = past
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append((start, i))
                return args, i
            depth -= 1
        elif c == "," and depth == 0:
            args.append((start, i))
            start = i + 1
        i += 1
    raise ValueError("unclosed call")


def decode_literal(text):
    """The value of a plain or verbatim C# string literal, or None for anything else."""
    if text.startswith('@"') and text.endswith('"'):
        return text[2:-1].replace('""', '"')
    if not (text.startswith('"') and text.endswith('"')) or text.startswith('"""'):
        return None
    body = text[1:-1]
    out = []
    i = 0
    simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
              "f": "\f", "v": "\v", "e": "\x1b"}
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in simple:
            out.append(simple[e])
            i += 2
        elif e == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif e == "U":
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        elif e == "x":
            j = i + 2
            while j < len(body) and j < i + 6 and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(body[i + 2:j], 16)))
            i = j
        else:
            return None
    return "".join(out)


def concatenated_literal(text):
    """The value of "a" + "b" + … made only of plain literals, or None."""
    parts = []
    i = 0
    text = text.strip()
    while i < len(text):
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if not starts_string(text, i) or text[i] == "$":
            return None
        end = skip_string(text, i)
        value = decode_literal(text[i:end])
        if value is None:
            return None
        parts.append(value)
        i = end
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i < len(text):
            if text[i] != "+":
                return None
            i += 1
    return "".join(parts) if parts else None

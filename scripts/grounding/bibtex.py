"""A small, strict BibTeX reader that reports the first error with its line and a fix, so that
a malformed bibliography is one root error (pybtex, which mkdocs-bibtex uses, gives a traceback
that names no file)."""
from __future__ import annotations

import re

from .diagnostics import Diagnostic
from .text import _SPACE

BIB_RULE = "SRC020"


def parse_bibtex(text: str, rel: str, diags: list) -> tuple[dict, dict]:
    """A small, strict BibTeX reader that reports errors with line numbers (pybtex and
    bibtexparser also parse the file in the tests). Returns entries and their lines."""
    entries: dict[str, dict] = {}
    lines: dict[str, int] = {}
    i, n = 0, len(text)

    def lineno(pos):
        return text.count("\n", 0, pos) + 1

    def fail(pos, msg, hint):
        diags.append(Diagnostic(rel, lineno(pos), 1, BIB_RULE, f"malformed bibliography: {msg}",
                                hint))

    while True:
        at = text.find("@", i)
        if at < 0:
            break
        # '@' inside a comment line is ignored
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].lstrip().startswith("%"):
            i = text.find("\n", at) if "\n" in text[at:] else n
            continue
        m = re.compile(r"@\s*([A-Za-z]+)\s*([{(])").match(text, at)
        if not m:
            fail(at, "'@' not followed by an entry type and '{'", "entries look like @article{key, ...}")
            return entries, lines
        etype = m.group(1).lower()
        pos = m.end()
        close = "}" if m.group(2) == "{" else ")"
        if etype in ("comment", "preamble", "string"):
            depth, j = 1, pos
            while j < n and depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0) if close == "}" else 0
                j += 1
            i = j
            continue
        km = re.compile(r"\s*([^\s,{}()\"#%'=]+)\s*,").match(text, pos)
        if not km:
            fail(pos, f"@{etype} entry without a citation key", "write @article{key, field = {...}}")
            return entries, lines
        key = km.group(1)
        if key in entries:
            fail(at, f"duplicate key '{key}'", "each key appears once")
        pos = km.end()
        fields: dict[str, str] = {}
        while True:
            fm = re.compile(r"\s*(?:([A-Za-z][\w-]*)\s*=\s*|([})]))").match(text, pos)
            if not fm:
                fail(pos, f"in entry '{key}': expected 'field = value' or the closing brace",
                     "check for a missing comma or brace on the line before")
                return entries, lines
            if fm.group(2):
                pos = fm.end()
                break
            fname = fm.group(1).lower()
            pos = fm.end()
            vstart = pos
            value, pos, err = _bib_value(text, pos)
            if not err and re.search(r"\n\s*[A-Za-z][\w-]*\s*=\s*[{\"]", text[vstart:pos]):
                fail(vstart, f"in entry '{key}', the value of field '{fname}' runs into the next "
                     "field: a closing brace is probably missing on this line",
                     "close the value with '}' before the comma")
                return entries, lines
            if err:
                fail(pos, f"in entry '{key}', field '{fname}': {err}",
                     "braces in a field value must balance")
                return entries, lines
            fields[fname] = value
            cm = re.compile(r"\s*(,|[})])").match(text, pos)
            if not cm:
                fail(pos, f"in entry '{key}': missing comma after field '{fname}'",
                     "separate fields with commas")
                return entries, lines
            if cm.group(1) != ",":
                pos = cm.end()
                break
            pos = cm.end()
        entries[key] = fields
        lines[key] = lineno(at)
        i = pos
    return entries, lines


def _bib_value(text: str, pos: int):
    n = len(text)
    parts = []
    while True:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            return "", pos, "value missing before end of file"
        c = text[pos]
        if c == "{":
            depth, j = 1, pos + 1
            while j < n and depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            if depth:
                return "", pos, "unbalanced braces (the value is never closed)"
            parts.append(text[pos + 1:j - 1])
            pos = j
        elif c == '"':
            j = pos + 1
            depth = 0
            while j < n and not (text[j] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            if j >= n:
                return "", pos, "unterminated quoted value"
            parts.append(text[pos + 1:j])
            pos = j + 1
        else:
            m = re.compile(r"[\w-]+").match(text, pos)
            if not m:
                return "", pos, f"unexpected character {c!r}"
            parts.append(m.group(0))
            pos = m.end()
        m = re.compile(r"\s*#").match(text, pos)
        if not m:
            break
        pos = m.end()
    value = "".join(parts).replace("{", "").replace("}", "")
    return _SPACE.sub(" ", value).strip(), pos, ""



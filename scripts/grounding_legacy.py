"""Grounding checker: verifies that the primer's pages are built from the source papers.

Used by ``scripts/check_sources.py`` (command line) and ``scripts/mkdocs_hooks.py`` (during
``mkdocs build``/``serve``). The rules are documented, each with an example message and its
fix, in ``CONTRIBUTING.md`` (rendered in the site as ``docs/contributing.md``); each has a
stable id:

SRC000  input problem (unreadable, non-UTF-8 or binary file, bad front matter, unclosed fence,
        empty page)
SRC001  citation keys and corpus integrity (unknown key, bad bibliography, missing or edited
        source file)
SRC002  every factual unit is cited; exempt units are marked and limited
SRC003  numbers occur in the cited source, those of one sentence close together
SRC004  acronyms and named instruments occur in the cited source (via scripts/data/aliases.yml)
SRC005  quotations are verbatim, short, and found in the cited source
SRC006  no unmarked copying (12+ consecutive words shared with any source)
SRC007  declared sources (front matter ``sources:``) equal the cited ones
SRC008  safe content: no scripts, iframes, event handlers or remote images
"""

from __future__ import annotations

import difflib
import hashlib
import json
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

RULES = {
    "SRC000": "input file problem",
    "SRC001": "citation keys and corpus integrity",
    "SRC002": "every factual unit is cited",
    "SRC003": "numbers are in the cited source",
    "SRC004": "names are in the cited source",
    "SRC005": "quotations are verbatim",
    "SRC006": "no unmarked copying",
    "SRC007": "declared sources match cited sources",
    "SRC008": "safe content",
}

NUMBER_WINDOW = 80          # words: the numbers of one sentence must fit in a span this long
COPY_NGRAM = 12             # words: a shared run this long outside a quotation is copying
QUOTE_MAX_WORDS = 40        # words: the longest quotation allowed
EXEMPT_MAX_SHARE = 0.35     # share of exempt units above which a page fails
EXEMPT_BOXES = {"exercises", "related", "objectives"}
META_VALUE = "meta"         # front matter ``grounding: meta`` marks a page about the project

# --------------------------------------------------------------------------- diagnostics


@dataclass
class Diagnostic:
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}{hint}"

    def github(self) -> str:
        msg = (self.message + (f" Hint: {self.hint}" if self.hint else "")).replace("%", "%25")
        msg = msg.replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{self.severity} file={self.path},line={self.line},col={self.col},"
                f"title={self.rule} {RULES.get(self.rule, '')}::{msg}")

    def as_dict(self) -> dict:
        return dict(path=self.path, line=self.line, col=self.col, rule=self.rule,
                    message=self.message, hint=self.hint, severity=self.severity)


# --------------------------------------------------------------------------- normalisation

_QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                              "\u00ab": '"', "\u00bb": '"', "\u2018": "'", "\u2019": "'",
                              "\u201a": "'", "\u00a0": " "})
_HYPHEN_BREAK = re.compile(r"-\s*")
_SPACE = re.compile(r"\s+")
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?)\]])")
_OPEN_SPACE = re.compile(r"([(\[])\s+")


def canonical(text: str) -> str:
    """Form used for quotations and names: quote characters unified, hyphens deleted with the
    white space after them (so line-break hyphenation ``perda-\\ngangan`` and the compound
    ``negara-negara`` compare equal on both sides), white space collapsed, no space before
    punctuation."""
    text = text.translate(_QUOTE_CHARS)
    text = _HYPHEN_BREAK.sub("", text)
    text = _SPACE.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    return _OPEN_SPACE.sub(r"\1", text).strip()


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DOC_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_NUM_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_MULTIPLIERS = {"ribu": 3, "thousand": 3, "juta": 6, "million": 6, "millions": 6,
                "miliar": 9, "milyar": 9, "billion": 9, "billions": 9, "triliun": 12,
                "trillion": 12}


# Small numbers a source spells out ("lima", "sembilan dari sepuluh") count as their digits.
NUMBER_WORDS = {w: str(n) for n, ws in enumerate([
    [], ["satu", "one"], ["dua", "two"], ["tiga", "three"], ["empat", "four"], ["lima", "five"],
    ["enam", "six"], ["tujuh", "seven"], ["delapan", "eight"], ["sembilan", "nine"],
    ["sepuluh", "ten"], ["sebelas", "eleven"], ["twelve"]]) for w in ws}
_GLUED_FOOTNOTE = re.compile(r"((?:19|20)\d\d)\.(\d{1,3})")


def _fmt(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f")


def number_readings(token: str, next_word: str = "", *, source: bool = False) -> set[str]:
    """All values a written number can stand for. ``200,000`` and ``200.000`` read 200000;
    ``2,5`` and ``2.5`` read 2.5; a lone separator before three digits (``1.500``) is read both
    ways. A following ``juta``/``million`` etc. multiplies; in a source both the bare and the
    multiplied value are indexed, in the primer only the multiplied one counts."""
    readings: set[str] = set()
    seps = re.findall(r"[.,]", token)
    groups = re.split(r"[.,]", token)
    try:
        if not seps:
            readings.add(_fmt(Decimal(token)))
        elif len(set(seps)) == 2:
            dec = seps[-1]
            thou = "," if dec == "." else "."
            readings.add(_fmt(Decimal(token.replace(thou, "").replace(dec, "."))))
        else:
            if all(len(g) == 3 for g in groups[1:]):
                readings.add(_fmt(Decimal("".join(groups))))
            if len(seps) == 1:
                readings.add(_fmt(Decimal(token.replace(",", "."))))
    except InvalidOperation:
        return readings
    power = _MULTIPLIERS.get(next_word.lower())
    if power:
        multiplied = {_fmt(Decimal(r) * (Decimal(10) ** power)) for r in readings}
        return readings | multiplied if source else multiplied
    return readings


def ngram_hashes(words: list) -> list:
    """Hashes of every run of COPY_NGRAM consecutive words (computed in C via zip)."""
    return list(map(hash, zip(*(words[i:] for i in range(COPY_NGRAM)))))


def doc_word_tokens(text: str):
    """(start, end, token) for the words of primer text, in the canonical form of sources."""
    for m in _DOC_WORD.finditer(text):
        yield m.start(), m.end(), m.group(0).replace("-", "").lower()


# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    key: str
    path: Path
    text: str
    canon: str = ""
    canon_lower: str = ""
    words: set = field(default_factory=set)
    numbers: dict = field(default_factory=dict)   # reading -> sorted word positions
    num_tokens: list = field(default_factory=list)

    def build(self) -> None:
        self.canon = canonical(self.text)
        self.canon_lower = self.canon.lower()
        self.words = set(_WORD.findall(self.canon))
        flat = _SPACE.sub(" ", self.text)
        tokens = [m.group(0) for m in _NUM_TOKEN.finditer(flat)]
        self.num_tokens = tokens
        numbers: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            if tok[0].isdigit():
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                readings = number_readings(tok, nxt, source=True)
                m = _GLUED_FOOTNOTE.fullmatch(tok)
                if m:       # "tahun 2004.76": a year with a footnote number glued to it
                    readings |= {m.group(1), m.group(2)}
                for r in readings:
                    numbers.setdefault(r, []).append(i)
            elif tok.lower() in NUMBER_WORDS:
                numbers.setdefault(NUMBER_WORDS[tok.lower()], []).append(i)
        self.numbers = numbers

    def has_phrase(self, phrase: str) -> bool:
        cache = self.__dict__.setdefault("_phrases", {})
        if phrase not in cache:
            p = canonical(phrase).lower()
            cache[phrase] = bool(p) and p in self.canon_lower and re.search(
                r"(?<!\w)" + re.escape(p) + r"(?!\w)", self.canon_lower) is not None
        return cache[phrase]

    def passage(self, start: int, end: int) -> str:
        return " ".join(self.num_tokens[max(0, start):end])


class Corpus:
    """The bibliography plus the source texts, indexed once."""

    def __init__(self, root: Path, bib_path: Path, sources_dir: Path, aliases_path: Path):
        self.root = root
        self.bib_path = bib_path
        self.sources_dir = sources_dir
        self.aliases_path = aliases_path
        self.diagnostics: list[Diagnostic] = []
        self.entries: dict[str, dict] = {}
        self.entry_lines: dict[str, int] = {}
        self.sources: dict[str, Source] = {}
        self.aliases: dict[str, list[str]] = {}
        self.not_names: set[str] = set()
        self.shingles: dict[int, str] = {}
        self._load()

    # -- helpers
    def _rel(self, p: Path) -> str:
        try:
            return str(p.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def _err(self, path, line, rule, message, hint=""):
        self.diagnostics.append(Diagnostic(self._rel(Path(path)), line, 1, rule, message, hint))

    def _load(self) -> None:
        self._load_bib()
        self._load_manifest_and_sources()
        self._load_aliases()
        for src in reversed(list(self.sources.values())):   # the first source wins a tie
            toks = _WORD.findall(src.canon_lower)
            self.shingles.update(dict.fromkeys(ngram_hashes(toks), src.key))

    def _load_bib(self) -> None:
        text = read_text(self.bib_path, self._rel(self.bib_path), "SRC001", self.diagnostics)
        if text is None:
            return
        self.entries, self.entry_lines = parse_bibtex(text, self._rel(self.bib_path),
                                                      self.diagnostics)

    def _load_manifest_and_sources(self) -> None:
        manifest_path = self.sources_dir / "SHA256SUMS"
        rel_manifest = self._rel(manifest_path)
        manifest: dict[str, str] = {}
        mtext = read_text(manifest_path, rel_manifest, "SRC001", self.diagnostics)
        for n, line in enumerate((mtext or "").splitlines(), 1):
            if not line.strip():
                continue
            m = re.fullmatch(r"([0-9a-f]{64})\s+\*?(\S+)", line.strip())
            if not m:
                self._err(manifest_path, n, "SRC001", "malformed checksum line",
                          "each line is '<sha256>  <file name>', as printed by sha256sum")
                continue
            manifest[m.group(2)] = m.group(1)
        for key, entry in self.entries.items():
            line = self.entry_lines.get(key, 1)
            fname = entry.get("file", "").strip()
            if not fname:
                self._err(self.bib_path, line, "SRC001",
                          f"entry '{key}' names no corpus file",
                          f"add file = {{sources/{key}.txt}} to the entry")
                continue
            path = (self.root / fname)
            if not path.is_file():
                self._err(self.bib_path, line, "SRC001",
                          f"entry '{key}' points to '{fname}', which does not exist",
                          "add the source text to sources/ or correct the file field")
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            expected = manifest.get(path.name)
            if expected is None:
                self._err(manifest_path, 1, "SRC001",
                          f"'{path.name}' (source of '{key}') has no checksum in the manifest",
                          f"run: (cd sources && sha256sum {path.name} >> SHA256SUMS)")
                continue
            if digest != expected:
                self._err(path, 1, "SRC001",
                          f"'{path.name}' does not match its checksum in sources/SHA256SUMS: "
                          "the source text was edited, replaced or swapped",
                          "source files are evidence and are never edited: restore it with "
                          f"'git checkout -- {self._rel(path)}'")
                continue
            text = decode(data, self._rel(path), self.diagnostics)
            if text is None:
                continue
            src = Source(key, path, text)
            src.build()
            self.sources[key] = src

    def _load_aliases(self) -> None:
        rel = self._rel(self.aliases_path)
        text = read_text(self.aliases_path, rel, "SRC004", self.diagnostics)
        if text is None:
            return
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            self.diagnostics.append(Diagnostic(rel, (mark.line + 1) if mark else 1, 1, "SRC004",
                                               f"alias table is not valid YAML: {e}",
                                               "each line is 'Name: [form, form]'"))
            return
        if not isinstance(data, dict):
            self.diagnostics.append(Diagnostic(rel, 1, 1, "SRC004", "alias table must be a mapping",
                                               "each line is 'Name: [form, form]'"))
            return
        for name, forms in data.items():
            if name == "_not_names":
                self.not_names = {str(x) for x in (forms or [])}
                continue
            if isinstance(forms, str):
                forms = [forms]
            if not isinstance(forms, list):
                self.diagnostics.append(Diagnostic(rel, 1, 1, "SRC004",
                                                   f"aliases of '{name}' must be a list",
                                                   "write 'Name: [form, form]'"))
                continue
            self.aliases[str(name)] = [str(name)] + [str(f) for f in forms]

    def alias_pattern(self) -> re.Pattern:
        """One regular expression finding every multi-word or mixed-case alias-table name."""
        if getattr(self, "_alias_re", None) is None:
            names = [n for n in self.aliases if not _ACRONYM.fullmatch(n)]
            self.alias_names = {n.lower(): n for n in names}
            alts = "|".join(re.escape(n).replace("\\ ", r"\s+")
                            for n in sorted(names, key=len, reverse=True)) or "(?!x)x"
            self._alias_re = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)
        return self._alias_re

    def closest_key(self, key: str) -> str:
        close = difflib.get_close_matches(key, list(self.entries), n=1)
        return close[0] if close else ""


# --------------------------------------------------------------------------- reading files


def decode(data: bytes, rel: str, diags: list, rule: str = "SRC000") -> str | None:
    if b"\x00" in data[:8192]:
        diags.append(Diagnostic(rel, 1, 1, rule, "binary file (it contains NUL bytes)",
                                "only UTF-8 text files belong here"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        diags.append(Diagnostic(rel, line, col, rule,
                                f"not valid UTF-8 (byte 0x{data[e.start]:02x})",
                                "save the file as UTF-8"))
        return None


def read_text(path: Path, rel: str, rule: str, diags: list) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        diags.append(Diagnostic(rel, 1, 1, rule, "file not found", "check the path"))
        return None
    except OSError as e:
        diags.append(Diagnostic(rel, 1, 1, rule, f"cannot read file: {e.strerror}", ""))
        return None
    return decode(data, rel, diags, rule)


def parse_bibtex(text: str, rel: str, diags: list) -> tuple[dict, dict]:
    """A small, strict BibTeX reader that reports errors with line numbers (pybtex and
    bibtexparser also parse the file in the tests). Returns entries and their lines."""
    entries: dict[str, dict] = {}
    lines: dict[str, int] = {}
    i, n = 0, len(text)

    def lineno(pos):
        return text.count("\n", 0, pos) + 1

    def fail(pos, msg, hint):
        diags.append(Diagnostic(rel, lineno(pos), 1, "SRC001", f"malformed bibliography: {msg}",
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


# --------------------------------------------------------------------------- Markdown units


@dataclass
class Unit:
    kind: str            # paragraph, item, row, quote, footnote
    text: str            # raw text, lines joined with "\n"
    line: int            # first line (1-based)
    col_offsets: list    # per line: column offset of the text in the file (indentation removed)
    box: str = ""        # enclosing admonition type
    exempt: bool = False

    def position(self, offset: int) -> tuple[int, int]:
        line_idx = self.text.count("\n", 0, offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.line + line_idx, offset - line_start + 1 + self.col_offsets[line_idx]


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_ADMON = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+\"[^\"]*\")?\s*$")
_TAB = re.compile(r"^(\s*)===\+?\s+\".*\"\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Page:
    path: str
    meta: dict
    units: list
    body_start: int
    ok: bool = True


def parse_page(text: str, rel: str, diags: list) -> Page:
    lines = text.split("\n")
    meta: dict = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            diags.append(Diagnostic(rel, 1, 1, "SRC000", "front matter is never closed",
                                    "end the front matter with a line '---'"))
            return Page(rel, {}, [], 0, ok=False)
        try:
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            if not isinstance(meta, dict):
                raise yaml.YAMLError("front matter must be a mapping of keys to values")
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            diags.append(Diagnostic(rel, (mark.line + 2) if mark else 1, 1, "SRC000",
                                    f"front matter is not valid YAML: {getattr(e, 'problem', e)}",
                                    "front matter is 'key: value' lines between two '---' lines"))
            return Page(rel, {}, [], end + 1, ok=False)
        start = end + 1
    units: list[Unit] = []
    ok = _parse_blocks(lines, start, len(lines), 0, "", units, rel, diags)
    return Page(rel, meta, units, start, ok)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parse_blocks(lines, start, end, indent, box, units, rel, diags) -> bool:
    i = start
    ok = True
    cur: list = []          # (line_no, text, col_offset)
    cur_kind = ""

    def flush():
        nonlocal cur, cur_kind
        if cur:
            text = "\n".join(t for _, t, _ in cur)
            if text.strip():
                units.append(Unit(cur_kind or "paragraph", text, cur[0][0] + 1,
                                  [c for _, _, c in cur], box, box in EXEMPT_BOXES))
        cur, cur_kind = [], ""

    in_comment = False
    while i < end:
        raw = lines[i]
        line = raw[indent:] if _indent(raw) >= indent else raw.lstrip(" ")
        stripped = line.strip()
        if in_comment:
            if "-->" in line:
                in_comment = False
            i += 1
            continue
        if stripped.startswith("<!--"):
            flush()
            if "-->" not in stripped:
                in_comment = True
            i += 1
            continue
        fm = _FENCE.match(line)
        if fm:
            flush()
            fence = fm.group(2)
            j = i + 1
            while j < end and not lines[j].strip().startswith(fence[0] * len(fence)):
                j += 1
            if j >= end:
                diags.append(Diagnostic(rel, i + 1, _indent(raw) + 1, "SRC000",
                                        f"code fence {fence} is never closed",
                                        f"close it with a line {fence}; everything after it is "
                                        "otherwise treated as code"))
                return False
            i = j + 1
            continue
        am = _ADMON.match(line) or _TAB.match(line)
        if am:
            flush()
            kind = am.group(2) if am.re is _ADMON else box
            j = i + 1
            while j < end and (not lines[j].strip() or _indent(lines[j]) >= indent + 4):
                j += 1
            ok = _parse_blocks(lines, i + 1, j, indent + 4, kind, units, rel, diags) and ok
            i = j
            continue
        if not stripped:
            flush()
            i += 1
            continue
        if _HEADING.match(line) or stripped.startswith("*[") or re.fullmatch(r"\{:?[^}]*\}", stripped) \
                or re.fullmatch(r"</?[a-zA-Z][^>]*>", stripped) or stripped in ("---", "***"):
            flush()
            i += 1
            continue
        col = len(raw) - len(raw.lstrip(" "))
        if stripped.startswith("|"):
            flush()
            # header row: skip it and the separator
            if i + 1 < end and _TABLE_SEP.match(lines[i + 1]):
                i += 2
                continue
            if _TABLE_SEP.match(line):
                i += 1
                continue
            cur, cur_kind = [(i, stripped, col)], "row"
            flush()
            i += 1
            continue
        if stripped.startswith(">"):
            if cur_kind != "quote":
                flush()
                cur_kind = "quote"
            cur.append((i, stripped.lstrip(">").strip(), col))
            i += 1
            continue
        if _ITEM.match(line):
            flush()
            cur_kind = "item"
            cur.append((i, stripped, col))
            i += 1
            continue
        if stripped.startswith("[^") and "]:" in stripped:
            flush()
            cur_kind = "footnote"
        elif cur_kind == "quote":
            flush()
        cur.append((i, stripped, col))
        i += 1
    flush()
    return ok


# --------------------------------------------------------------------------- checking

_CITE_BLOCK = re.compile(r"\[([^\[\]]*@[^\[\]]*)\](?!\()")
_CITE_KEY = re.compile(r"(?:^|[;\s])-?@([\w:.-]+)")
_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*(?:\([^()]*\))?[^()]*)\)")
_CODE = re.compile(r"`[^`]*`")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r"\{[:#.][^}]*\}")
_FN_REF = re.compile(r"\[\^[^\]]+\]:?")
_DQUOTE = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
_ACRONYM = re.compile(r"(?<![\w-])((?:[a-zA-Z]-)?[A-Z][A-Z0-9]*[A-Z])(?:s)?(?![\w-])")
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"\u201c(\[*_A-Z])")
_ITEM_MARK = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_ELLIPSIS = re.compile(r"\s*(?:\[\.\.\.\]|\[…\]|\.\.\.|…)\s*")

_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "raw <script> tag"),
    (re.compile(r"<\s*iframe\b", re.I), "raw <iframe> tag"),
    (re.compile(r"<\s*(object|embed)\b", re.I), "raw <object>/<embed> tag"),
    (re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.I), "inline event handler (on...=)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"!\[[^\]]*\]\(\s*(?:https?:)?//", re.I), "remote image"),
    (re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I), "remote image"),
]


def _mask(text: str, pattern: re.Pattern, keep_group: int | None = None) -> str:
    """Replace matches by spaces of the same length (newlines kept), so offsets stay valid.
    With keep_group, that group's text is kept in place."""
    def repl(m):
        s = m.group(0)
        out = re.sub(r"[^\n]", " ", s)
        if keep_group is not None and m.group(keep_group):
            a, b = m.start(keep_group) - m.start(), m.end(keep_group) - m.start()
            out = out[:a] + s[a:b] + out[b:]
        return out
    return pattern.sub(repl, text)


@dataclass
class PageStats:
    path: str
    units: int = 0
    cited: int = 0
    exempt: int = 0
    numbers: int = 0
    names: int = 0
    quotes: int = 0
    citations: dict = field(default_factory=dict)   # key -> count
    meta_page: bool = False


class Checker:
    def __init__(self, root: Path, bib: str = "bibliography.bib", sources: str = "sources",
                 aliases: str = "scripts/data/aliases.yml"):
        self.root = Path(root)
        self.corpus = Corpus(self.root, self.root / bib, self.root / sources, self.root / aliases)
        self.stats: dict[str, PageStats] = {}

    # public -------------------------------------------------------------------------------
    def check_paths(self, paths, jobs: int | None = None) -> list[Diagnostic]:
        """Check every Markdown file under `paths`. Large runs are spread over the machine's
        cores (fork: the workers share the corpus index built once in this process)."""
        diags = list(self.corpus.diagnostics)
        files = list(expand_paths(paths))
        jobs = jobs or min(os.cpu_count() or 1, 4)
        if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and \
                "fork" in multiprocessing.get_all_start_methods():
            global _WORKER
            _WORKER = self
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(jobs) as pool:
                results = pool.map(_check_in_worker, files, chunksize=max(1, len(files) // (jobs * 4)))
            _WORKER = None
            for file_diags, stats in results:
                diags.extend(file_diags)
                self.stats.update(stats)
            return diags
        for p in files:
            diags.extend(self.check_file(p))
        return diags

    def check_file(self, path: Path) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        rel = self._rel(path)
        try:
            text = read_text(path, rel, "SRC000", diags)
            if text is not None:
                self.check_text(text, rel, diags)
        except Exception as e:  # never a traceback for a contributor
            diags.append(Diagnostic(rel, 1, 1, "SRC000",
                                    f"internal checker error: {type(e).__name__}: {e}",
                                    "please report this with the file attached"))
        return diags

    def check_text(self, text: str, rel: str, diags: list) -> PageStats:
        stats = PageStats(rel)
        self.stats[rel] = stats
        page = parse_page(text, rel, diags)
        self._check_safe(text, rel, diags)
        meta_page = str(page.meta.get("grounding", "")).strip().lower() == META_VALUE
        stats.meta_page = meta_page
        if not page.ok:
            return stats
        if not page.units and not meta_page:
            diags.append(Diagnostic(rel, 1, 1, "SRC000", "page has no content",
                                    "write the page, or remove it from docs/ and the nav"))
        declared = page.meta.get("sources")
        cited: dict[str, tuple[int, int]] = {}
        objectives = page.meta.get("objectives") or []
        stats.exempt += len(objectives) if isinstance(objectives, list) else 0
        stats.units += stats.exempt
        for unit in page.units:
            self._check_unit(unit, rel, diags, stats, cited, meta_page)
        if meta_page:
            return stats
        # SRC002: exempt share
        if stats.units and stats.exempt / stats.units > EXEMPT_MAX_SHARE:
            diags.append(Diagnostic(rel, 1, 1, "SRC002",
                                    f"{stats.exempt} of {stats.units} units are exempt "
                                    f"(objectives, exercises, related); the limit is "
                                    f"{int(EXEMPT_MAX_SHARE * 100)}%",
                                    "exempt boxes are for questions and navigation only; "
                                    "move claims out of them and cite them"))
        # SRC007: declared sources
        if declared is None:
            diags.append(Diagnostic(rel, 1, 1, "SRC007", "front matter declares no sources",
                                    "add 'sources: [key, ...]' listing every key the page "
                                    "cites, or 'grounding: meta' for a page about the project"))
        else:
            if isinstance(declared, str):
                declared = [declared]
            declared_set = {str(d) for d in declared}
            for key in sorted(set(cited) - declared_set):
                line, col = cited[key]
                diags.append(Diagnostic(rel, line, col, "SRC007",
                                        f"'{key}' is cited but not declared in front matter",
                                        f"add {key} to 'sources:'"))
            for key in sorted(declared_set - set(cited)):
                diags.append(Diagnostic(rel, 1, 1, "SRC007",
                                        f"'{key}' is declared in front matter but never cited",
                                        "cite it where it is used, or remove it from 'sources:'"))
        return stats

    # rules ------------------------------------------------------------------------------
    def _rel(self, p: Path) -> str:
        try:
            return str(Path(p).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def _check_safe(self, text, rel, diags):
        in_fence = False
        for n, line in enumerate(text.split("\n"), 1):
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            for pat, what in _UNSAFE:
                m = pat.search(_mask(line, _CODE))
                if m:
                    diags.append(Diagnostic(rel, n, m.start() + 1, "SRC008", f"{what} in a page",
                                            "pages are Markdown only: remove it (images go in "
                                            "docs/assets/ and are linked locally)"))

    def _check_unit(self, unit: Unit, rel, diags, stats: PageStats, cited_all, meta_page):
        text = unit.text
        # citations (not inside inline code, which shows Markdown rather than citing)
        keys: list[str] = []
        for m in _CITE_BLOCK.finditer(_mask(text, _CODE)):
            if "\n" in m.group(0):
                line, col = unit.position(m.start())
                diags.append(Diagnostic(rel, line, col, "SRC001",
                                        "citation is broken across two lines, so it will not be "
                                        "rendered", "keep each [@...] on one line"))
            for km in _CITE_KEY.finditer(m.group(1)):
                key = km.group(1).rstrip(".:")
                line, col = unit.position(m.start())
                if key not in self.corpus.entries:
                    close = self.corpus.closest_key(key)
                    diags.append(Diagnostic(rel, line, col, "SRC001",
                                            f"unknown citation key '{key}'",
                                            (f"did you mean '{close}'? " if close else "")
                                            + "keys are listed in bibliography.bib"))
                    continue
                keys.append(key)
                cited_all.setdefault(key, (line, col))
                stats.citations[key] = stats.citations.get(key, 0) + 1
        if meta_page:
            return
        stats.units += 1
        if unit.exempt:
            stats.exempt += 1
            return
        body = self._claim_text(text)
        if not _WORD.search(_mask(body, re.compile(r"\d+"))):
            stats.units -= 1        # nothing but markup or a bare number: not a claim
            return
        if not keys:
            line, col = unit.position(len(text) - len(text.lstrip()))
            if not any(m for m in _CITE_BLOCK.finditer(_mask(text, _CODE))):
                diags.append(Diagnostic(rel, line, col, "SRC002",
                                        f"{unit.kind} has no citation: "
                                        f"\"{_preview(text)}\"",
                                        "add [@key] for the source this comes from; if it is a "
                                        "question or navigation, put it in an 'exercises' or "
                                        "'related' box"))
            return
        stats.cited += 1
        sources = [self.corpus.sources[k] for k in dict.fromkeys(keys) if k in self.corpus.sources]
        if not sources:
            return
        names = ", ".join(dict.fromkeys(keys))
        quote_spans = self._check_quotes(unit, body, sources, names, rel, diags, stats)
        self._check_numbers(unit, body, sources, names, rel, diags, stats)
        self._check_names(unit, body, sources, names, rel, diags, stats)
        self._check_copying(unit, body, quote_spans, rel, diags)

    @staticmethod
    def _claim_text(text: str) -> str:
        """The unit's text with markup that is not a claim blanked out (offsets kept)."""
        body = _mask(text, _CITE_BLOCK)
        body = _mask(body, _LINK, keep_group=2)
        body = _mask(body, _CODE)
        body = _mask(body, _HTML_TAG)
        body = _mask(body, _ATTR)
        body = _mask(body, _FN_REF)
        body = _mask(body, _ITEM_MARK)
        return body

    def _check_quotes(self, unit, body, sources, names, rel, diags, stats):
        spans = []
        for m in _DQUOTE.finditer(body):
            g = 1 if m.group(1) is not None else 2
            quote = m.group(g)
            spans.append((m.start(), m.end()))
            words = _WORD.findall(quote)
            if not words:
                continue
            stats.quotes += 1
            line, col = unit.position(m.start())
            if len(words) > QUOTE_MAX_WORDS:
                diags.append(Diagnostic(rel, line, col, "SRC005",
                                        f"quotation of {len(words)} words is longer than "
                                        f"{QUOTE_MAX_WORDS}",
                                        "shorten it with '...' or paraphrase in your own words"))
            segments = [s for s in _ELLIPSIS.split(quote) if _WORD.search(s)]
            for seg in segments:
                c = canonical(seg).strip(" ,;:")
                short = len(_WORD.findall(seg)) <= 3
                found = any((c.lower() in s.canon_lower) if short else (c in s.canon)
                            for s in sources)
                if not found:
                    best = _closest_passage(c, sources)
                    diags.append(Diagnostic(rel, line, col, "SRC005",
                                            f"quotation \"{_preview(seg, 60)}\" is not verbatim in "
                                            f"cited source {names}",
                                            (f"closest passage in {best[0]}: \"{best[1]}\"; "
                                             if best else "")
                                            + "copy the words exactly as the source has them, or "
                                            "use italics instead of quotation marks for a term"))
        return spans

    def _check_numbers(self, unit, body, sources, names, rel, diags, stats):
        for sent_start, sent in _sentences(body):
            nums = []
            for m in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)*", sent):
                tail = sent[m.end():m.end() + 12]
                nxt = re.match(r"\s*([A-Za-z]+)", tail)
                readings = number_readings(m.group(0), nxt.group(1) if nxt else "")
                if readings:
                    nums.append((sent_start + m.start(), m.group(0), readings))
            if not nums:
                continue
            stats.numbers += len(nums)
            missing = [(off, tok) for off, tok, rd in nums
                       if not any(r in s.numbers for s in sources for r in rd)]
            for off, tok in missing:
                line, col = unit.position(off)
                diags.append(Diagnostic(rel, line, col, "SRC003",
                                        f"number \"{tok}\" does not occur in cited source {names}",
                                        "check the figure against the source, or cite the source "
                                        "that gives it"))
            if missing or len(nums) < 2:
                continue
            distinct = list({tuple(sorted(rd)): (off, tok, rd) for off, tok, rd in nums}.values())
            if len(distinct) < 2:
                continue
            best = None
            for s in sources:
                span = _min_span(s, [rd for _, _, rd in distinct])
                if span and (best is None or span[0] < best[0]):
                    best = (span[0], s, span[1], span[2])
            if best is None or best[0] > NUMBER_WINDOW:
                off, tok, _ = distinct[1]
                line, col = unit.position(off)
                toks = ", ".join(f"\"{t}\"" for _, t, _ in distinct)
                where = ""
                if best is not None:
                    where = (f"; the closest they come is {best[0]} words apart in {best[1].key}: "
                             f"\"{_cut(best[1].passage(best[2], best[3] + 1), 160)}\"")
                diags.append(Diagnostic(rel, line, col, "SRC003",
                                        f"numbers {toks} of one sentence never occur within "
                                        f"{NUMBER_WINDOW} words of each other in cited source "
                                        f"{names}{where}",
                                        "a number may belong to another passage: check the figure, "
                                        "or split the sentence so that each cites its own passage"))

    def _check_names(self, unit, body, sources, names, rel, diags, stats):
        seen = set()
        for m in _ACRONYM.finditer(body):
            acr = m.group(1)
            if acr in seen or acr in self.corpus.not_names:
                continue
            seen.add(acr)
            stats.names += 1
            forms = self.corpus.aliases.get(acr, [acr])
            if not any(_has_name(s, f) for s in sources for f in forms):
                line, col = unit.position(m.start())
                diags.append(Diagnostic(rel, line, col, "SRC004",
                                        f"name \"{acr}\" does not occur in cited source {names}",
                                        "cite the source that names it, or add the form the source "
                                        "uses to scripts/data/aliases.yml"))
        for m in self.corpus.alias_pattern().finditer(body):
            name = self.corpus.alias_names[" ".join(m.group(0).split()).lower()]
            if name in seen:
                continue
            seen.add(name)
            forms = self.corpus.aliases[name]
            stats.names += 1
            if not any(s.has_phrase(f) for s in sources for f in forms):
                line, col = unit.position(m.start())
                diags.append(Diagnostic(rel, line, col, "SRC004",
                                        f"name \"{name}\" (or its forms {', '.join(forms[1:])}) "
                                        f"does not occur in cited source {names}",
                                        "cite the source that names it, or add the form the source "
                                        "uses to scripts/data/aliases.yml"))

    def _check_copying(self, unit, body, quote_spans, rel, diags):
        masked = body
        for a, b in quote_spans:
            masked = masked[:a] + re.sub(r"[^\n]", " ", masked[a:b]) + masked[b:]
        toks = list(doc_word_tokens(masked))
        hashes = ngram_hashes([t for _, _, t in toks])
        shingles = self.corpus.shingles
        i = 0
        while i < len(hashes):
            key = shingles.get(hashes[i])
            if key is None:
                i += 1
                continue
            j = i + 1
            while j < len(hashes) and hashes[j] in shingles:
                j += 1
            run = j - 1 + COPY_NGRAM - i
            start, end = toks[i][0], toks[j - 1 + COPY_NGRAM - 1][1]
            line, col = unit.position(start)
            diags.append(Diagnostic(rel, line, col, "SRC006",
                                    f"{run} consecutive words are copied from source {key} "
                                    f"without quotation marks: \"{_preview(body[start:end], 80)}\"",
                                    "write it in your own words, or quote a short passage "
                                    "(≤ 40 words) in double quotes with a translation"))
            i = j - 1 + COPY_NGRAM

    # report -----------------------------------------------------------------------------
    def report(self) -> dict:
        pages = {}
        per_source: dict[str, dict] = {k: {"pages": {}, "citations": 0}
                                       for k in self.corpus.entries}
        for rel, s in sorted(self.stats.items()):
            pages[rel] = dict(units=s.units, cited=s.cited, exempt=s.exempt, numbers=s.numbers,
                              names=s.names, quotes=s.quotes, meta=s.meta_page,
                              citations=dict(sorted(s.citations.items())))
            for k, c in s.citations.items():
                if k in per_source:
                    per_source[k]["pages"][rel] = c
                    per_source[k]["citations"] += c
        return {"pages": pages, "sources": per_source}


PARALLEL_MIN_FILES = 40
_WORKER: "Checker | None" = None


def _check_in_worker(path):
    checker = _WORKER
    before = set(checker.stats)
    diags = checker.check_file(path)
    return diags, {k: v for k, v in checker.stats.items() if k not in before}


def _has_name(source: Source, form: str) -> bool:
    if re.fullmatch(r"[A-Z0-9]+", form):
        if form in source.words:
            return True
        return len(form) >= 4 and source.has_phrase(form)
    return source.has_phrase(form)


def _min_span(source: Source, readings_list):
    """Smallest window (in words) of the source holding one occurrence of each number."""
    occ = []
    for idx, readings in enumerate(readings_list):
        positions = sorted({p for r in readings for p in source.numbers.get(r, [])})
        if not positions:
            return None
        occ.extend((p, idx) for p in positions)
    occ.sort()
    need = len(readings_list)
    count: dict[int, int] = {}
    have = 0
    best = None
    lo = 0
    for hi, (p, idx) in enumerate(occ):
        count[idx] = count.get(idx, 0) + 1
        if count[idx] == 1:
            have += 1
        while have == need:
            span = p - occ[lo][0]
            if best is None or span < best[0]:
                best = (span, occ[lo][0], p)
            li = occ[lo][1]
            count[li] -= 1
            if count[li] == 0:
                have -= 1
            lo += 1
    return best


def _sentences(body: str):
    pos = 0
    for m in _SENT_END.finditer(body):
        yield pos, body[pos:m.start()]
        pos = m.end()
    yield pos, body[pos:]


def _closest_passage(quote: str, sources):
    best = None
    for s in sources:
        sm = difflib.SequenceMatcher(None, quote, s.canon, autojunk=False)
        m = sm.find_longest_match(0, len(quote), 0, len(s.canon))
        if best is None or m.size > best[0]:
            start = max(0, m.b - m.a)
            best = (m.size, s.key, s.canon[start:start + len(quote) + 20])
    return (best[1], _cut(best[2], 200)) if best else None


def _preview(text: str, n: int = 70) -> str:
    t = _SPACE.sub(" ", text).strip()
    return _cut(t, n)


def _cut(t: str, n: int) -> str:
    return t if len(t) <= n else t[:n - 1] + "…"


def expand_paths(paths):
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.md") if "includes" not in x.parts)
        else:
            yield p


# --------------------------------------------------------------------------- report page


def report_markdown(report: dict, corpus: Corpus) -> str:
    """The provenance report as Markdown, for the 'How this primer is checked' page."""
    out = ["| Page | Units | Cited | Exempt | Numbers | Names | Quotations |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    tot = dict(units=0, cited=0, exempt=0, numbers=0, names=0, quotes=0)
    for rel, p in report["pages"].items():
        if p["meta"]:
            continue
        link = rel[len("docs/"):] if rel.startswith("docs/") else rel
        out.append(f"| [{link}]({link}) | {p['units']} | {p['cited']} | {p['exempt']} | "
                   f"{p['numbers']} | {p['names']} | {p['quotes']} |")
        for k in tot:
            tot[k] += p[k]
    out.append(f"| **All pages** | **{tot['units']}** | **{tot['cited']}** | **{tot['exempt']}** | "
               f"**{tot['numbers']}** | **{tot['names']}** | **{tot['quotes']}** |")
    out += ["", "| Source (citation key) | Corpus file | Citations | Pages citing it |",
            "|---|---|---:|---|"]
    for key, s in report["sources"].items():
        fname = corpus.entries.get(key, {}).get("file", "")
        pages = ", ".join(f"[{p[len('docs/'):]}]({p[len('docs/'):]}) ({c})"
                          for p, c in sorted(s["pages"].items())) or "—"
        out.append(f"| `{key}` | `{fname}` | {s['citations']} | {pages} |")
    return "\n".join(out)


def run(root: Path, paths) -> tuple[list[Diagnostic], dict, Checker]:
    checker = Checker(root)
    diags = checker.check_paths(paths)
    return diags, checker.report(), checker


def to_json(diags, report) -> str:
    return json.dumps({"diagnostics": [d.as_dict() for d in diags], "report": report},
                      indent=2, ensure_ascii=False)


__all__ = ["Checker", "Diagnostic", "RULES", "run", "report_markdown", "to_json", "canonical",
           "number_readings", "parse_bibtex"]

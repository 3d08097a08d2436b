"""The evidence corpus: the bibliography, the checksummed source texts and the alias table,
loaded and indexed once.

A problem in one of them is reported once, at its root (file:line, with a fix), and the
corpus records what it makes unusable (``bib_broken``, ``broken`` keys, ``aliases_broken``) so
that the checks depending on it are skipped and counted instead of failing by the hundred.
"""
from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .bibtex import parse_bibtex
from .diagnostics import Diagnostic
from .files import decode, read_text
from .rules import corpus as R
from .rules import descriptors as D
from .text import NUMBER_WORDS, _GLUED_FOOTNOTE, _NUM_TOKEN, _WORD, canonical, ngram_hashes, \
    number_readings

_ACRONYM_FORM = re.compile(r"(?:[a-zA-Z]-)?[A-Z][A-Z0-9]*[A-Z]")


@dataclass(eq=False)
class Source:
    key: str
    path: Path
    text: str
    canon: str = ""
    canon_lower: str = ""
    words: set = field(default_factory=set)
    numbers: dict = field(default_factory=dict)       # reading -> sorted word positions
    num_tokens: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    line_numbers: dict = field(default_factory=dict)  # line (1-based) -> readings on it

    def build(self) -> None:
        self.canon = canonical(self.text)
        self.canon_lower = self.canon.lower()
        self.words = set(_WORD.findall(self.canon))
        self.lines = self.text.split("\n")
        starts = [0]
        for ln in self.lines[:-1]:
            starts.append(starts[-1] + len(ln) + 1)
        matches = list(_NUM_TOKEN.finditer(self.text))
        tokens = [m.group(0) for m in matches]
        self.num_tokens = tokens
        numbers: dict[str, list[int]] = {}
        per_line: dict[int, set] = {}
        for i, tok in enumerate(tokens):
            if tok[0].isdigit():
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                readings = number_readings(tok, nxt, source=True)
                m = _GLUED_FOOTNOTE.fullmatch(tok)
                if m:       # "tahun 2004.76": a year with a footnote number glued to it
                    readings |= {m.group(1), m.group(2)}
            elif tok.lower() in NUMBER_WORDS:
                readings = {NUMBER_WORDS[tok.lower()]}
            else:
                continue
            for r in readings:
                numbers.setdefault(r, []).append(i)
            line = bisect.bisect_right(starts, matches[i].start())
            per_line.setdefault(line, set()).update(readings)
        self.numbers = numbers
        self.line_numbers = per_line

    def has_phrase(self, phrase: str) -> bool:
        cache = self.__dict__.setdefault("_phrases", {})
        if phrase not in cache:
            cache[phrase] = _phrase_in(phrase, self.canon_lower)
        return cache[phrase]

    def passage(self, start: int, end: int) -> str:
        return " ".join(self.num_tokens[max(0, start):end])

    # -- passages (locators): lines first..last of the file, 1-based, inclusive
    def window(self, first: int, last: int, margin: int) -> tuple[int, int]:
        return max(1, first - margin), min(len(self.lines), last + margin)

    def passage_text(self, a: int, b: int) -> str:
        cache = self.__dict__.setdefault("_passages", {})
        if (a, b) not in cache:
            cache[(a, b)] = canonical("\n".join(self.lines[a - 1:b]))
        return cache[(a, b)]

    def passage_numbers(self, a: int, b: int) -> set:
        out: set = set()
        for n in range(a, b + 1):
            out |= self.line_numbers.get(n, set())
        return out


def _phrase_in(phrase: str, haystack_lower: str) -> bool:
    p = canonical(phrase).lower()
    return bool(p) and p in haystack_lower and re.search(
        r"(?<!\w)" + re.escape(p) + r"(?!\w)", haystack_lower) is not None


def has_name(source_words: set, haystack_lower: str, form: str) -> bool:
    """A name form occurs in a text: an acronym as a whole word, anything else as a phrase."""
    if re.fullmatch(r"[A-Z0-9]+", form):
        if form in source_words:
            return True
        return len(form) >= 4 and _phrase_in(form, haystack_lower)
    return _phrase_in(form, haystack_lower)


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
        self.bib_broken: Diagnostic | None = None
        self.broken: dict[str, Diagnostic] = {}       # key -> root problem of its source
        self.aliases_broken: Diagnostic | None = None
        self._load()

    # -- helpers
    def _rel(self, p: Path) -> str:
        try:
            return str(Path(p).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def _err(self, rule, path, line, **fields) -> Diagnostic:
        msg, hint = rule.format(**fields)
        d = Diagnostic(self._rel(Path(path)), line, 1, rule.id, msg, hint)
        self.diagnostics.append(d)
        return d

    def _load(self) -> None:
        self._load_bib()
        self._load_manifest_and_sources()
        self._load_aliases()
        D.load(self)                  # paper descriptors (rules/descriptors.py)
        for src in reversed(list(self.sources.values())):   # the first source wins a tie
            toks = _WORD.findall(src.canon_lower)
            self.shingles.update(dict.fromkeys(ngram_hashes(toks), src.key))

    def _load_bib(self) -> None:
        rel = self._rel(self.bib_path)
        diags: list = []
        text = read_text(self.bib_path, rel, R.BIB_MALFORMED.id, diags)
        if text is not None:
            self.entries, self.entry_lines = parse_bibtex(text, rel, diags)
        if diags:
            self.diagnostics.extend(diags)
            self.bib_broken = diags[0]
            # what was read before the error is not trusted: every key-dependent check waits
            self.entries, self.entry_lines = {}, {}

    def _load_manifest_and_sources(self) -> None:
        manifest_path = self.sources_dir / "SHA256SUMS"
        rel_manifest = self._rel(manifest_path)
        manifest: dict[str, str] = {}
        mdiags: list = []
        mtext = read_text(manifest_path, rel_manifest, R.CHECKSUM.id, mdiags)
        self.diagnostics.extend(mdiags)
        for n, line in enumerate((mtext or "").splitlines(), 1):
            if not line.strip():
                continue
            m = re.fullmatch(r"([0-9a-f]{64})\s+\*?(\S+)", line.strip())
            if not m:
                self._err(R.MANIFEST_LINE, manifest_path, n)
                continue
            manifest[m.group(2)] = m.group(1)
        for key, entry in self.entries.items():
            line = self.entry_lines.get(key, 1)
            fname = entry.get("file", "").strip()
            if not fname:
                self.broken[key] = self._err(R.ENTRY_FILE, self.bib_path, line, key=key,
                                             problem="names no corpus file",
                                             fix=f"add file = {{sources/{key}.txt}} to the entry")
                continue
            path = self.root / fname
            if not path.is_file():
                self.broken[key] = self._err(
                    R.ENTRY_FILE, self.bib_path, line, key=key,
                    problem=f"points to '{fname}', which does not exist",
                    fix="add the source text to sources/ or correct the file field")
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            expected = manifest.get(path.name)
            if expected is None:
                self.broken[key] = self._err(R.NO_CHECKSUM, manifest_path, 1, name=path.name,
                                             key=key)
                continue
            if digest != expected:
                self.broken[key] = self._err(R.CHECKSUM, path, 1, name=path.name,
                                             rel=self._rel(path))
                continue
            ddiags: list = []
            text = decode(data, self._rel(path), ddiags, R.CHECKSUM.id)
            if text is None:
                self.diagnostics.extend(ddiags)
                self.broken[key] = ddiags[0]
                continue
            src = Source(key, path, text)
            src.build()
            self.sources[key] = src

    def _load_aliases(self) -> None:
        rel = self._rel(self.aliases_path)
        diags: list = []
        text = read_text(self.aliases_path, rel, R.ALIASES.id, diags)
        if text is None:
            self.diagnostics.extend(diags)
            self.aliases_broken = diags[0]
            return
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            self.aliases_broken = self._err(R.ALIASES, self.aliases_path,
                                            (mark.line + 1) if mark else 1,
                                            problem=f"is not valid YAML: "
                                            f"{getattr(e, 'problem', None) or e}")
            return
        if not isinstance(data, dict):
            self.aliases_broken = self._err(R.ALIASES, self.aliases_path, 1,
                                            problem="must be a mapping of names to forms")
            return
        lines = text.split("\n")
        for name, forms in data.items():
            if name == "_not_names":
                self.not_names = {str(x) for x in (forms or [])}
                continue
            if isinstance(forms, str):
                forms = [forms]
            if not isinstance(forms, list):
                line = next((i for i, ln in enumerate(lines, 1)
                             if ln.startswith(f"{name}:")), 1)
                self.aliases_broken = self._err(R.ALIASES, self.aliases_path, line,
                                                problem=f"gives the forms of '{name}' "
                                                "as something other than a list")
                self.aliases = {}
                return
            self.aliases[str(name)] = [str(name)] + [str(f) for f in forms]

    def alias_pattern(self) -> re.Pattern:
        """One regular expression finding every multi-word or mixed-case alias-table name."""
        if getattr(self, "_alias_re", None) is None:
            names = [n for n in self.aliases if not _ACRONYM_FORM.fullmatch(n)]
            self.alias_names = {" ".join(n.split()).lower(): n for n in names}
            alts = "|".join(re.escape(n).replace("\\ ", r"\s+")
                            for n in sorted(names, key=len, reverse=True)) or "(?!x)x"
            self._alias_re = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)
        return self._alias_re

    def closest_key(self, key: str) -> str:
        """A real key close enough to be a typo of ``key``, or ""."""
        close = difflib.get_close_matches(key, list(self.entries), n=1, cutoff=0.75)
        return close[0] if close else ""

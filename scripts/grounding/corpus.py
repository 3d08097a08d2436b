"""The evidence corpus: the bibliography, the checksummed source texts and the alias table,
loaded and indexed once.

A problem in one of them is reported once, at its root (file:line, with a fix), and the
corpus records what it makes unusable (``bib_broken``, ``broken`` keys, ``aliases_broken``) so
that the checks depending on it are skipped and counted instead of failing by the hundred.
"""
from __future__ import annotations

import bisect
import difflib
import gc
import hashlib
import multiprocessing
import os
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, compress, count
from operator import itemgetter, or_
from pathlib import Path

import yaml

from .bibtex import parse_bibtex
from .diagnostics import Diagnostic
from .files import decode, load_yaml, read_text
from .rules import corpus as R
from .rules import descriptors as D
from .text import NUMBER_WORDS, _GLUED_FOOTNOTE, _NUM_TOKEN, _WORD, canonical, \
    canonical_translated, lower_safe, ngram_hashes, translate_quotes
from .text import readings as readings_of

_ACRONYM_FORM = re.compile(r"(?:[a-zA-Z]-)?[A-Z][A-Z0-9]*[A-Z]")
_WORD_CHAR = re.compile(r"\w")


def index_text(text: str) -> tuple:
    """Everything the checker derives from a source text, in one pass:
    (canon, number positions, numbers per line, 12-word shingle hashes).

    Linear in the text's size, with the per-word work done in C: a Python loop runs only over
    the numbers and number words, not over every word. A plain function of the text, so that a
    large corpus can be indexed on several cores (``Corpus``)."""
    translated = translate_quotes(text)
    canon = canonical_translated(translated)
    # No token spans a line break, so tokenising line by line gives the same tokens as the
    # whole text, and the running count of tokens per line gives each token's line.
    per_line = [_NUM_TOKEN.findall(ln) for ln in text.split("\n")]
    tokens = list(chain.from_iterable(per_line))
    ends = list(accumulate(map(len, per_line)))
    wanted = compress(count(), map(or_, map(str.isdigit, map(itemgetter(0), tokens)),
                                    map(NUMBER_WORDS.__contains__, map(str.lower, tokens))))
    numbers: dict[str, list[int]] = {}
    line_numbers: dict[int, set] = {}
    n = len(tokens)
    for i in wanted:
        tok = tokens[i]
        if tok[0].isdigit():
            readings = readings_of(tok, tokens[i + 1] if i + 1 < n else "", True)
            m = _GLUED_FOOTNOTE.fullmatch(tok)
            if m:       # "tahun 2004.76": a year with a footnote number glued to it
                readings = readings | {m.group(1), m.group(2)}
        else:
            readings = {NUMBER_WORDS[tok.lower()]}
        for r in readings:
            numbers.setdefault(r, []).append(i)
        line = bisect.bisect_right(ends, i) + 1
        line_numbers.setdefault(line, set()).update(readings)
    hashes = ngram_hashes(_WORD.findall(canon.lower()))
    return canon, numbers, line_numbers, hashes


@dataclass(eq=False)
class Source:
    key: str
    path: Path
    text: str
    canon: str = ""
    canon_lower: str = ""
    numbers: dict = field(default_factory=dict)       # reading -> sorted word positions
    lines: list = field(default_factory=list)
    line_numbers: dict = field(default_factory=dict)  # line (1-based) -> readings on it

    def build(self, index: tuple | None = None) -> None:
        """Index the text (``index``: what ``index_text`` returned for it, if done already)."""
        canon, numbers, line_numbers, hashes = index or index_text(self.text)
        self.canon = canon
        self.canon_lower = canon.lower()
        self.lines = self.text.split("\n")
        # passages are canonicalised from these (the quote translation done once, not per
        # passage); the translation keeps every character, so the lines are the same lines
        self._translated_lines = translate_quotes(self.text).split("\n")
        self.numbers = numbers
        self.line_numbers = line_numbers
        self.shingle_hashes = hashes         # taken (and dropped) by the corpus's shingle index

    @property
    def num_tokens(self) -> list:
        """The text's words and numbers in order (the positions in ``numbers`` index it)."""
        found = self.__dict__.get("_num_tokens")
        if found is None:
            found = self.__dict__["_num_tokens"] = _NUM_TOKEN.findall(self.text)
        return found

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
            cache[(a, b)] = canonical_translated("\n".join(self._translated_lines[a - 1:b]))
        return cache[(a, b)]

    def passage_lower(self, a: int, b: int) -> str:
        cache = self.__dict__.setdefault("_passages_lower", {})
        found = cache.get((a, b))
        if found is None:
            found = cache[(a, b)] = self.passage_text(a, b).lower()
        return found

    def passage_numbers(self, a: int, b: int) -> frozenset:
        cache = self.__dict__.setdefault("_passage_numbers", {})
        found = cache.get((a, b))
        if found is None:
            out: set = set()
            for n in range(a, b + 1):
                out |= self.line_numbers.get(n, set())
            found = cache[(a, b)] = frozenset(out)
        return found


def whole(literal: str, word: str = r"\w"):
    """The pattern ``(?<!word)literal(?!word)`` (``word``: a one-character class), written to
    open with the literal: the look-behind for the character before it comes after it, as
    ``(?<!word.{n})`` (n: the literal's length). The same matches; a pattern that opens with
    a look-behind is tried at every character of the text, one that opens with a literal is
    scanned for in C (25 times faster in a whole source; tests/test_checker_fuzz.py)."""
    return re.compile(re.escape(literal) + f"(?<!{word}.{{{len(literal)}}})(?!{word})", re.S)


@lru_cache(maxsize=16384)
def _phrase(phrase: str) -> tuple:
    """(canonical lower-case form, its whole-word pattern) of a name form, compiled once."""
    p = canonical(phrase).lower()
    return p, (whole(p) if p else None)


def _phrase_in(phrase: str, haystack_lower: str) -> bool:
    p, pattern = _phrase(phrase)
    return bool(p) and p in haystack_lower and pattern.search(haystack_lower) is not None


_ACRONYM_ONLY = re.compile(r"[A-Z0-9]+")


@lru_cache(maxsize=16384)
def _token(form: str):
    """A whole word of a text, as ``_WORD`` reads words: not inside a longer run of them."""
    return whole(form, r"[^\W_]")


def has_name_in(text: str, lower: str, form: str) -> bool:
    """A name form occurs in a text (``text``, and ``lower``, its lower-cased form): an
    acronym as a whole word of the text (as ``_WORD`` reads words), or as a phrase if it has 4
    letters or more; anything else as a phrase."""
    if _ACRONYM_ONLY.fullmatch(form):
        if form in text and _token(form).search(text) is not None:
            return True
        return len(form) >= 4 and _phrase_in(form, lower)
    return _phrase_in(form, lower)


PARALLEL_MIN_SOURCES = 40       # a corpus this large is indexed on several cores
_TEXTS: list = []               # the texts being indexed, inherited by the forked workers


def _index_nth(i: int) -> tuple:
    """index_text() in a worker, its hashes as an array: a list of Python ints was 40% of
    what each worker sends back and, unpickled int by int, the largest part of the parent's
    work while the workers index (array's pickle is its bytes)."""
    canon, numbers, line_numbers, hashes = index_text(_TEXTS[i])
    return canon, numbers, line_numbers, array("q", hashes)


def _index_all(texts: list) -> list:
    """index_text() of every text; a large corpus on up to 4 cores (fork: the workers read the
    texts from this process's memory and send back only the index). The shingle hashes agree
    because forked workers share this process's hash seed."""
    jobs = min(os.cpu_count() or 1, 4)
    if jobs < 2 or len(texts) < PARALLEL_MIN_SOURCES or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [index_text(t) for t in texts]
    global _TEXTS
    _TEXTS = texts
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_index_nth, range(len(texts)), chunksize=4)
    finally:
        _TEXTS = []


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
        # Indexing allocates millions of small long-lived objects; the cyclic garbage collector
        # would walk all of them again and again while they pile up (it made a 100x corpus
        # load 50% slower). Nothing here makes reference cycles, so it waits until the end.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._load_all()
        finally:
            if enabled:
                gc.enable()

    def _load_all(self) -> None:
        self._load_bib()
        self._load_manifest_and_sources()
        self._load_aliases()
        D.load(self)                  # paper descriptors (rules/descriptors.py)
        for src in reversed(list(self.sources.values())):   # the first source wins a tie
            self.shingles.update(dict.fromkeys(src.shingle_hashes, src.key))
            src.shingle_hashes = None

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
            self.sources[key] = Source(key, path, text)
        indexes = _index_all([src.text for src in self.sources.values()])
        for src, index in zip(self.sources.values(), indexes):
            src.build(index)

    def _load_aliases(self) -> None:
        rel = self._rel(self.aliases_path)
        diags: list = []
        text = read_text(self.aliases_path, rel, R.ALIASES.id, diags)
        if text is None:
            self.diagnostics.extend(diags)
            self.aliases_broken = diags[0]
            return
        try:
            data = load_yaml(text) or {}
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

    def alias_pattern(self):
        r"""What finds every multi-word or mixed-case alias-table name in a text (``finditer``):
        the matches of one alternation of the names (longest first, white space as ``\s+``,
        ``(?<!\w)...(?!\w)``, case ignored), see ``_AliasFinder``."""
        if getattr(self, "_alias_re", None) is None:
            names = [n for n in self.aliases if not _ACRONYM_FORM.fullmatch(n)]
            self.alias_names = {" ".join(n.split()).lower(): n for n in names}
            alts = "|".join(re.escape(n).replace("\\ ", r"\s+")
                            for n in sorted(names, key=len, reverse=True)) or "(?!x)x"
            alternation = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)
            if names and all(n and n == n.strip() for n in names):
                self._alias_re = _AliasFinder(names, alternation)
            else:       # an empty name or one with white space at an end: the alternation
                self._alias_re = alternation
        return self._alias_re

    def closest_key(self, key: str) -> str:
        """A real key close enough to be a typo of ``key``, or ""."""
        close = difflib.get_close_matches(key, list(self.entries), n=1, cutoff=0.75)
        return close[0] if close else ""


class _AliasFinder:
    r"""The matches of ``alternation`` (the alias names, longest first), found without trying
    every name at almost every word (a third of the check's time at 100 copies of the corpus).

    The names are merged into one tree of their characters (a space is ``\s+``, as in the
    alternation), written as one regular expression: at a position only the branch of the
    text's next character is tried. It matches exactly where the alternation matches (the same
    strings: a regular expression backtracks into its groups), but not necessarily the same
    name; so at each position it finds, the alternation itself gives the match (the name it
    tries first), and the search goes on from that match's end, as ``finditer`` does. Names
    start with no white space (else the alternation is used), so the tree can be guarded by
    the set of first characters."""

    def __init__(self, names, alternation):
        self.alternation = alternation
        self.tree = self._compile(names, re.I)
        # The same tree of the lower-cased names, matched case-sensitively in the lower-cased
        # text: the regex engine can then skip from one possible first character to the next
        # (it cannot when case is ignored), 3x faster. Used only where it finds the positions
        # the case-ignoring tree finds (``lower_safe``), and only for ASCII names.
        self.lower_tree = (self._compile([n.lower() for n in names], 0)
                           if all(n.isascii() for n in names) else None)

    @classmethod
    def _compile(cls, names, flags):
        tree: dict = {}
        for n in names:
            node = tree
            for c in n:
                node = node.setdefault(c, {})
            node[""] = {}                                   # a name ends here
        start = "(?=[" + "".join(re.escape(c) for c in sorted({n[0] for n in names})) + "])"
        if all(_WORD_CHAR.match(n[0]) for n in names):
            # every name starts with a word character: there "(?<!\w)" is a word boundary,
            # which the engine tests before anything else
            return re.compile(r"\b" + start + cls._regex(tree) + r"(?!\w)", flags)
        return re.compile(start + r"(?<!\w)" + cls._regex(tree) + r"(?!\w)", flags)

    @classmethod
    def _regex(cls, node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if c == " " else re.escape(c)) + cls._regex(sub)
                    for c, sub in node.items() if c != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    def finditer(self, text: str):
        match = self.alternation.match
        if self.lower_tree is not None and lower_safe(text):
            lowered, search = text.lower(), self.lower_tree.search
        else:
            lowered, search = text, self.tree.search
        pos = 0
        while True:
            c = search(lowered, pos)
            if c is None:
                return
            m = match(text, c.start())
            if m is None:           # (cannot happen where lower_safe holds; kept exact)
                pos = c.start() + 1
                continue
            yield m
            pos = m.end()

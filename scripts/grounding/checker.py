"""The engine: parse each page once, derive each unit's facts once, run the selected checks.

Rules only report; what a unit contains (its citations, numbers, names, quotations) is derived
here from the parse, once, and shared by the rules and the provenance report.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import markdown as md
from .corpus import Corpus, has_name_in
from .diagnostics import Diagnostic
from .files import read_text
from .fmt import exempt_boxes
from .rules import ALL, REGISTRY, Selection, checks_for
from .rules import evidence as EV
from .rules import input as INPUT
from .text import _WORD, canonical
from .text import readings as readings_of

META_VALUE = "meta"         # front matter ``grounding: meta`` marks a page about the project
PARALLEL_MIN_FILES = 40
CHAPTERS_DIR = "docs/chapters/"

# --------------------------------------------------------------------------- unit facts

# A pattern that opens with a look-behind is tried at every position of the text; a leading
# look-ahead for the characters a match must start with (a necessary condition, so the matches
# are the same) lets the regex engine skip to candidate positions: 4x faster on the docs.

_LINK = re.compile(r"(?=!?\[)(!?)\[([^\[\]]*)\]\(([^()\s]*(?:\([^()]*\))?[^()]*)\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r"\{:?[ \t]*(?:[#.][^{}\n]*|[A-Za-z][\w-]*=[^{}\n]*)\}")
_FN_REF = re.compile(r"\[\^[^\]]+\]:?")
_DQUOTE = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
# the mark ending a sentence and the white space after it (the sentence ends after the mark)
_SENT_END = re.compile(r"[.!?]\s+(?=[\"\u201c(\[*_A-Z])")
_ITEM_MARK = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
# Written to start with what a match starts with (a digit), the look-behind after it: a pattern
# that opens with a character class lets the engine skip in C to the next such character, one
# that opens with a look-around is tried at every position (2 to 3 times slower on the units).
_NUMBER = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)*")
_LETTER = re.compile(r"[^\W\d_]")
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


def _mask(text: str, pattern: re.Pattern, keep_group: int | None = None) -> str:
    """Replace matches by spaces of the same length (newlines kept), so offsets stay valid.
    With keep_group, that group's text is kept in place."""
    def repl(m):
        s = m.group(0)
        out = md.blank(s)
        if keep_group is not None and m.group(keep_group):
            a, b = m.start(keep_group) - m.start(), m.end(keep_group) - m.start()
            out = out[:a] + s[a:b] + out[b:]
        return out
    return pattern.sub(repl, text)


class Scope:
    """What a unit's evidence must be found in: for each cited source, the located passages
    (with a margin) or, for a citation without a locator, the whole text."""

    def __init__(self, corpus: Corpus, cites: list, passages: bool):
        self.parts: list = []            # (source, a, b) with a = b = None for the whole text
        self._labels: list = []          # what each part is called in a message, in order
        for c in cites:
            src = corpus.sources.get(c.key)
            if src is None:
                continue
            if passages and c.first is not None and not c.malformed:
                last = c.last if c.last is not None else c.first
                if not 1 <= c.first <= last <= len(src.lines):
                    continue             # the locator rules report it; nothing to check here
                a, b = src.window(c.first, last, EV.PASSAGE_MARGIN)
                part = (src, a, b)
                label = (c.key, c.first, last)
            else:
                part = (src, None, None)
                label = (c.key, None, None)
            if part not in self.parts:
                self.parts.append(part)
                self._labels.append(label)
        self.located = bool(self.parts) and all(a is not None for _, a, _ in self.parts)

    @property
    def label(self) -> str:
        """The scope as a message names it: "the cited passage key, lines 3-5 (±2 lines)" or
        "cited source key" (made only for a message: most scopes are never reported)."""
        labels = []
        for key, first, last in self._labels:
            label = (key if first is None else f"{key}, line {first}" if first == last
                     else f"{key}, lines {first}-{last}")
            if label not in labels:
                labels.append(label)
        if self.located:
            return ("the cited passage " if len(labels) == 1 else "the cited passages ") \
                + "; ".join(labels) + f" (±{EV.PASSAGE_MARGIN} lines)"
        return "cited source " + ", ".join(dict.fromkeys(lab.split(",")[0] for lab in labels))

    def sources(self):
        return list(dict.fromkeys(s for s, _, _ in self.parts))

    def has_number(self, readings) -> bool:
        for s, a, b in self.parts:
            if a is None:
                if any(r in s.numbers for r in readings):
                    return True
            elif readings & s.passage_numbers(a, b):
                return True
        return False

    def _texts(self):
        """(source, lower-cased text, text) of each part: a passage or the whole text."""
        for s, a, b in self.parts:
            if a is None:
                yield s, s.canon_lower, s.canon
            else:
                yield s, s.passage_lower(a, b), s.passage_text(a, b)

    def has_name(self, form: str) -> bool:
        for s, a, b in self.parts:
            cache = s.__dict__.setdefault("_name_hits", {})    # (a, b, form) -> found
            hit = cache.get((a, b, form))
            if hit is None:
                if a is None:
                    hit = has_name_in(s.canon, s.canon_lower, form)
                else:
                    hit = has_name_in(s.passage_text(a, b), s.passage_lower(a, b), form)
                cache[(a, b, form)] = hit
            if hit:
                return True
        return False

    def has_quote(self, c: str, short: bool) -> bool:
        for s, lower, canon in self._texts():
            if (c.lower() in lower) if short else (c in canon):
                return True
        return False

    def closest(self, quote: str):
        import difflib
        best = None
        for s, _, canon in self._texts():
            sm = difflib.SequenceMatcher(None, quote, canon, autojunk=False)
            m = sm.find_longest_match(0, len(quote), 0, len(canon))
            if best is None or m.size > best[0]:
                start = max(0, m.b - m.a)
                best = (m.size, s.key, canon[start:start + len(quote) + 20])
        return (best[1], best[2]) if best else None


@dataclass
class UnitFacts:
    block: md.Block
    exempt: bool
    claim: bool = False
    body: str = ""
    cites: list = field(default_factory=list)
    numbers: list = field(default_factory=list)   # per sentence: [(offset, token, readings)]
    quotes: list = field(default_factory=list)    # (start, end, text)
    scope: Scope | None = None
    skipped: bool = False

    def checkable(self, page) -> bool:
        """A cited claim whose sources can all be read (else its checks are skipped). Every
        evidence rule asks first; the answer is the same for all of them (a unit's facts and
        its page's kind do not change once derived), so it is worked out once."""
        found = self.__dict__.get("_checkable")
        if found is None:
            found = self.__dict__["_checkable"] = not (
                page.meta_page or self.exempt or not self.claim or not self.scope
                or not self.scope.parts or self.skipped)
        return found


def unit_facts(block: md.Block, corpus: Corpus, exempt: set, passages: bool) -> UnitFacts:
    u = UnitFacts(block, block.box in exempt)
    text = block.text
    body = md.mask(text, block.code_spans)
    body = md.mask(body, [(g.start, g.end) for g in block.citations])
    if "](" in body:
        body = _mask(body, _LINK, keep_group=2)
    if "<" in body:
        body = _mask(body, _HTML_TAG)
    if "{" in body:
        body = _mask(body, _ATTR)
    if "[^" in body:
        body = _mask(body, _FN_REF)
    if block.kind == "item":
        body = _mask(body, _ITEM_MARK)
    u.body = body
    u.claim = _LETTER.search(body) is not None     # a word other than a number
    u.cites = [c for g in block.citations for c in g.cites]
    if u.exempt or not u.claim or not u.cites:
        return u
    keys = [c.key for c in u.cites if c.key in corpus.entries]
    if not keys:
        return u
    u.skipped = any(k in corpus.broken for k in keys)
    u.scope = Scope(corpus, [c for c in u.cites if c.key in corpus.entries], passages)
    # quotations
    if '"' in body or "\u201c" in body:
        for m in _DQUOTE.finditer(body):
            g = 1 if m.group(1) is not None else 2
            if _WORD.search(m.group(g)):
                u.quotes.append((m.start(), m.end(), m.group(g)))
    # numbers, per sentence. They are found in the whole body and then put in their sentences:
    # no number spans a sentence break (white space), a number's look-behind sees the same
    # white space or start there, and the next word read after a number never reaches past its
    # sentence's closing mark; so these are the numbers each sentence alone gives.
    found = []
    for m in _NUMBER.finditer(body):
        nxt = _NEXT_WORD.match(body, m.end(), m.end() + 12)
        readings = readings_of(m.group(0), nxt.group(1) if nxt else "")
        if readings:
            found.append((m.start(), m.group(0), readings))
    if found:
        ends = [m.start() + 1 for m in _SENT_END.finditer(body)]
        sentence, nums = 0, []
        for num in found:
            while sentence < len(ends) and num[0] >= ends[sentence]:
                sentence += 1
                if nums:
                    u.numbers.append(nums)
                    nums = []
            nums.append(num)
        u.numbers.append(nums)
    return u


# --------------------------------------------------------------------------- page context


class Page:
    """One parsed page as the checks see it."""

    def __init__(self, checker: "Checker", rel: str, doc: md.Document, diags: list):
        self.checker = checker
        self.corpus = checker.corpus
        self.rel = rel
        self.doc = doc
        self.meta = doc.meta
        self.meta_page = str(self.meta.get("grounding", "")).strip().lower() == META_VALUE
        self.is_chapter = rel.startswith(CHAPTERS_DIR)
        self.ok = doc.front_matter_error is None and doc.unclosed_fence() is None
        self.diags = diags
        self.skipped = 0
        self.units: list = []
        self._masked: dict = {}

    def report(self, rule, line: int, col: int, **fields) -> None:
        if rule.id not in self.checker.selection:
            return
        message, hint = rule.format(**fields)
        self.diags.append(Diagnostic(self.rel, line, col, rule.id, message, hint))

    def skip(self, n: int = 1) -> None:
        self.skipped += n

    def masked(self, block) -> str:
        if id(block) not in self._masked:
            self._masked[id(block)] = md.mask(block.text, block.code_spans)
        return self._masked[id(block)]

    def cited_keys(self) -> dict:
        """key -> (line, col) of its first citation, for keys of the bibliography."""
        out: dict = {}
        for u in self.units:
            for g in u.block.citations:
                for c in g.cites:
                    if c.key in self.corpus.entries:
                        out.setdefault(c.key, (g.line, g.col))
        return out

    def counts(self) -> dict:
        objectives = self.meta.get("objectives") or []
        n_obj = len(objectives) if isinstance(objectives, list) else 0
        units = exempt = 0
        for u in self.units:
            if u.exempt:
                units += 1
                exempt += 1
            elif u.claim:
                units += 1
        return {"units": units + n_obj, "exempt": exempt + n_obj}


# --------------------------------------------------------------------------- the checker

_WORKER: "Checker | None" = None


def _check_in_worker(path):
    checker = _WORKER
    before = set(checker.stats)
    diags = checker.check_file(path)
    return diags, {k: v for k, v in checker.stats.items() if k not in before}, checker.skipped


class Checker:
    def __init__(self, root: Path, bib: str = "bibliography.bib", sources: str = "sources",
                 aliases: str = "scripts/data/aliases.yml", selection: Selection = ALL,
                 passages: bool = True):
        self.root = Path(root)
        self.selection = selection
        self.passages = passages
        self.corpus = Corpus(self.root, self.root / bib, self.root / sources, self.root / aliases)
        self.stats: dict = {}            # rel -> page statistics (see report.page_stats)
        self.skipped = 0
        self.exempt = exempt_boxes()
        self._page_checks = checks_for("page", selection)
        self._unit_checks = checks_for("unit", selection)

    def corpus_diagnostics(self) -> list:
        return [d for d in self.corpus.diagnostics if d.rule in self.selection]

    def check_paths(self, paths, jobs: int | None = None) -> list:
        """Check every Markdown file under `paths`. Large runs are spread over the machine's
        cores (fork: the workers share the corpus index built once in this process)."""
        # Checking pages makes no reference cycles (with the collector off, a collection after
        # checking the 10x corpus finds nothing to free), but the cyclic garbage collector
        # would walk every parse tree and unit again and again while they are alive (4.5% of
        # the time): it is paused while pages are checked, here and in the workers (which
        # inherit it paused), and restored afterwards, so a long `mkdocs serve` collects.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._check_files(list(expand_paths(paths)), jobs)
        finally:
            if enabled:
                gc.enable()

    def _check_files(self, files: list, jobs: int | None) -> list:
        diags = self.corpus_diagnostics()
        jobs = jobs or min(os.cpu_count() or 1, 4)
        if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and \
                "fork" in multiprocessing.get_all_start_methods():
            global _WORKER
            _WORKER = self
            ctx = multiprocessing.get_context("fork")
            # Freeze what exists now (the corpus index above all) so that the workers' garbage
            # collector never walks it: walking it touched every page of the shared memory and
            # made each collection cost in proportion to the corpus (the 100x run's pages took
            # 60% longer). Unfrozen afterwards, so a long `mkdocs serve` frees old indexes.
            gc.collect()
            gc.freeze()
            try:
                with ctx.Pool(jobs) as pool:
                    results = pool.map(_check_in_worker, _chunks(files, jobs * 16), chunksize=1)
            finally:
                gc.unfreeze()
                _WORKER = None
            for file_diags, stats, skipped in results:
                diags.extend(file_diags)
                self.stats.update(stats)
                self.skipped += skipped
            return diags
        for p in files:
            diags.extend(self.check_file(p))
        return diags

    def check_file(self, path) -> list:
        if isinstance(path, list):                   # a chunk of files (parallel runs)
            out = []
            for p in path:
                out.extend(self.check_file(p))
            return out
        diags: list = []
        rel = self._rel(path)
        try:
            text = read_text(Path(path), rel, INPUT.UNREADABLE.id, diags)
            if INPUT.UNREADABLE.id not in self.selection:
                diags.clear()
            if text is not None:
                self.check_text(text, rel, diags)
        except Exception as e:  # never a traceback for a contributor
            diags.append(Diagnostic(rel, 1, 1, INPUT.INTERNAL.id,
                                    f"internal checker error: {type(e).__name__}: {e}",
                                    INPUT.INTERNAL.hint))
        return diags

    def check_text(self, text: str, rel: str, diags: list):
        from .report import page_stats
        doc = md.parse_cached(text)
        page = Page(self, rel, doc, diags)
        page.units = [unit_facts(b, self.corpus, self.exempt, self.passages) for b in doc.units]
        for fn in self._page_checks:
            if page.ok or fn.__module__.endswith(("safety", "input")):
                fn(page)
        if page.ok:
            for u in page.units:
                if u.skipped or (u.scope is not None and self.corpus.bib_broken):
                    page.skip(1)
                for fn in self._unit_checks:
                    fn(page, u)
        elif not page.ok:
            page.units = []
        stats = page_stats(page)
        self.stats[rel] = stats
        self.skipped += page.skipped
        return stats

    def _rel(self, p) -> str:
        try:
            return str(Path(p).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def report(self) -> dict:
        from .report import build_report
        return build_report(self)


def _chunks(files, n):
    size = max(1, len(files) // n)
    return [files[i:i + size] for i in range(0, len(files), size)]


def expand_paths(paths):
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.md") if "includes" not in x.parts)
        else:
            yield p


__all__ = ["Checker", "Page", "UnitFacts", "Scope", "unit_facts", "expand_paths", "REGISTRY",
           "canonical"]

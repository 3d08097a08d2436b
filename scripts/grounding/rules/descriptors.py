"""Paper descriptors: the fixed phrases the primer uses to name a paper in running text
("the paper on ASEANAPOL"), declared as data in ``scripts/data/descriptors.yml``.

A descriptor is not a claim about the passage: "The paper on ASEANAPOL lists economic crisis
..." does not say that the cited line mentions ASEANAPOL. The names inside a descriptor are
therefore not looked for in the passage, but only

- when the phrase is written exactly as declared (case of the first letter and white space
  aside), and
- when the unit cites the paper the descriptor names.

A descriptor of a paper the unit does not cite is an error (SRC035): the sentence attributes
a statement to one paper and cites another. Everything else about names is unchanged.
"""
from __future__ import annotations

import re

import yaml

from . import Rule, check
from ..diagnostics import Diagnostic
from ..files import load_yaml
from ..text import lower_safe

DESCRIPTORS_FILE = "descriptors.yml"          # next to aliases.yml

DESCRIPTORS = Rule(
    "SRC034", "the descriptor table can be read", "corpus",
    "descriptor table {problem}",
    "each line is 'key: [the paper on ..., ...]' with a key of bibliography.bib",
    what="`scripts/data/descriptors.yml` maps a citation key to the phrases the primer uses to "
         "name that paper in running text (`chrsiti2025: [the paper on ASEANAPOL]`).",
    why="The name check exempts the names inside a declared descriptor; a table it cannot "
        "read or a key that does not exist would exempt the wrong words.",
    fix="Correct the line the message names: a key of `bibliography.bib`, then a list of "
        "phrases.", topic="corpus")

WRONG_PAPER = Rule(
    "SRC035", "a paper named in the text is a paper cited", "unit",
    "\"{phrase}\" names {key}, which this {kind} does not cite",
    "cite {key} for what it says, or name the paper the citation points to",
    what="A descriptor from `scripts/data/descriptors.yml` (\"the paper on ASEANAPOL\") in a "
         "cited unit names one of the papers the unit cites.",
    why="A sentence that says what one paper says while citing another sends the reader to "
        "the wrong text; it is the commonest slip when a citation is moved.",
    fix="Cite the paper the sentence speaks of (with the passage), or change the descriptor.",
    topic="citations")


def load(corpus) -> None:
    """Read the descriptor table beside the alias table (absent: no descriptors)."""
    corpus.descriptors = {}               # phrase (normalised, lower case) -> key
    corpus.descriptor_re = None
    path = corpus.aliases_path.parent / DESCRIPTORS_FILE
    if not path.is_file():
        return
    rel = corpus._rel(path)
    text = path.read_text(encoding="utf-8", errors="replace")

    def err(line, problem):
        msg, hint = DESCRIPTORS.format(problem=problem)
        corpus.diagnostics.append(Diagnostic(rel, line, 1, DESCRIPTORS.id, msg, hint))
        corpus.descriptors = {}

    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return err((mark.line + 1) if mark else 1,
                   f"is not valid YAML: {getattr(e, 'problem', None) or e}")
    if not isinstance(data, dict):
        return err(1, "must be a mapping of citation keys to phrases")
    lines = text.split("\n")
    for key, phrases in data.items():
        line = next((i for i, ln in enumerate(lines, 1) if ln.startswith(f"{key}:")), 1)
        if corpus.entries and key not in corpus.entries:
            return err(line, f"names '{key}', which is not a key of the bibliography")
        if isinstance(phrases, str):
            phrases = [phrases]
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            return err(line, f"gives the phrases of '{key}' as something other than a list")
        for p in phrases:
            corpus.descriptors[_norm(p)] = str(key)
    if corpus.descriptors and all(corpus.descriptors):
        corpus.descriptor_re = _Lookup(corpus.descriptors)
    elif corpus.descriptors:        # an empty phrase (matches everywhere): the plain alternation
        alts = "|".join(re.escape(p).replace("\\ ", r"\s+")
                        for p in sorted(corpus.descriptors, key=len, reverse=True))
        corpus.descriptor_re = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)


def _norm(phrase: str) -> str:
    return " ".join(phrase.replace("\u2019", "'").split()).lower()


class _Lookup:
    r"""Finds the declared phrases in a text: the matches of one alternation of every phrase
    (longest first, white space as ``\s+``, ``(?<!\w)...(?!\w)``, case ignored), found
    without trying every phrase at every position (which grew with the size of the table:
    20% of the time per page at 100 copies of the corpus).

    Candidate positions are those where the first words of a phrase start (one small regular
    expression); there the next words of the text, case-folded, are looked up in a dict of the
    case-folded phrases (for the last word, each cut of the text's word before a non-word
    character). The fold is coarser than ``re.I`` (it never separates what ``re.I`` equates),
    so the dict gives every phrase that can match; each is then confirmed by its own regular
    expression (the same one the alternation holds), and the one the alternation tries first
    wins. Same matches as the alternation."""

    def __init__(self, phrases):
        order = sorted(phrases, key=len, reverse=True)        # the alternation's order
        self.order = order
        self.regex: list = [None] * len(order)      # each phrase's own pattern, made when needed
        self.by_fold: dict = {}                              # folded words -> [index]
        self.lengths = sorted({len(p.split()) for p in order}, reverse=True)
        for i, p in enumerate(order):
            self.by_fold.setdefault(" ".join(_fold(w) for w in p.split()), []).append(i)
        # what every match starts with: the first words (up to three) of one of the phrases
        firsts = sorted({_first_words(p) for p in order}, key=len, reverse=True)
        start = ""
        if all(p[0].isascii() and p[0].isalpha() for p in order):   # letters: their two cases
            start = "(?=[" + "".join(sorted({c for p in order for c in (p[0].lower(),
                                                                        p[0].upper())})) + "])"
        self.first = re.compile(start + r"(?<!\w)(?=" + "|".join(firsts) + ")", re.I)
        # the same test for lower-cased ASCII phrases in a lower-cased text, where that finds
        # the same positions (text.lower_safe), as corpus._AliasFinder does
        # (one branch per first letter, which it opens with, then the look-behind: a pattern
        # that opens with literals is scanned for in C, one that opens with a look-around is
        # tried at every character; 2x faster)
        self.first_lower = None
        # and a word of each phrase, one of which a text containing a phrase contains: most
        # units contain none, and are done with after a few substring tests in C
        self.words = frozenset(_telling_word(p) for p in order)
        if start and all(p.isascii() for p in order):
            rests: dict = {}
            for p in order:
                rests.setdefault(p[0], set()).add(_first_words(p)[len(re.escape(p[0])):])
            self.first_lower = re.compile("|".join(
                re.escape(c) + r"(?<!\w.)(?=" + "|".join(sorted(r, key=len, reverse=True)) + ")"
                for c, r in sorted(rests.items())))
        self.most = self.lengths[0]

    def _regex(self, i: int):
        found = self.regex[i]
        if found is None:
            found = self.regex[i] = re.compile(
                r"(?<!\w)" + re.escape(self.order[i]).replace("\\ ", r"\s+") + r"(?!\w)", re.I)
        return found

    def finditer(self, text: str):
        pos, end = 0, len(text)
        if self.first_lower is not None and lower_safe(text):
            search, lowered = self.first_lower.search, text.lower()
            if not any(w in lowered for w in self.words):
                return
        else:
            search, lowered = self.first.search, text
        while pos <= end:
            c = search(lowered, pos)
            if c is None:
                return
            p = c.start()
            words = []
            for w in _CHUNK.finditer(text, p):
                words.append(w.group(0))
                if len(words) == self.most:
                    break
            folded = [_fold(w) for w in words]
            best = None
            for n in self.lengths:
                if n > len(words):
                    continue
                head = " ".join(folded[:n - 1])
                last = words[n - 1]
                # each cut of the last word before a non-word character, and the whole word
                cuts = [m.start() for m in _NOT_WORDCHAR.finditer(last, 1)] + [len(last)]
                for j in cuts:
                    key = (head + " " if head else "") + _fold(last[:j])
                    for i in self.by_fold.get(key, ()):
                        if best is None or i < best[0]:
                            m = self._regex(i).match(text, p)
                            if m is not None:
                                best = (i, m)
            if best is None:
                pos = p + 1
                continue
            m = best[1]
            yield m
            pos = m.end() if m.end() > p else p + 1


def _telling_word(phrase: str) -> str:
    """A word of the phrase that few texts contain: the longest after its first three words
    (which the first test looks for anyway), or the longest of all where those are short."""
    words = phrase.split()
    rest = max(words[3:], key=len, default="")
    return rest if len(rest) >= 5 else max(words, key=len)


def _first_words(phrase: str) -> str:
    """The first words (up to three) of a phrase, as a pattern."""
    return r"\s+".join(map(re.escape, phrase.split()[:3]))


_CHUNK = re.compile(r"\S+")
_NOT_WORDCHAR = re.compile(r"\W")
# Characters that re.I equates with an ASCII letter but that casefold() leaves apart
# (dotless i, capital I with a dot, whose full case folding has two characters).
_FOLD_FIXES = str.maketrans({"\u0131": "i", "\u0130": "i"})


def _fold(word: str) -> str:
    return word.translate(_FOLD_FIXES).casefold()


def spans(corpus, body: str) -> list:
    """(start, end, key, phrase) of every declared descriptor in a unit's text."""
    pattern = getattr(corpus, "descriptor_re", None)
    # (a cheap pre-test: every descriptor contains "paper", or "rtikel" in the Indonesian
    # edition's "artikel tentang ...")
    if pattern is None or ("paper" not in body and "rtikel" not in body):
        return []
    out = []
    for m in pattern.finditer(body.replace("\u2019", "'")):
        out.append((m.start(), m.end(), corpus.descriptors[_norm(m.group(0))], m.group(0)))
    return out


def unit_spans(corpus, unit) -> list:
    """``spans`` of a unit's body, found once per unit (this rule and the name rules ask)."""
    found = unit.__dict__.get("_descriptor_spans")
    if found is None:
        found = unit.__dict__["_descriptor_spans"] = spans(corpus, unit.body)
    return found


@check(WRONG_PAPER)
def descriptor_cites(page, unit):
    if not unit.checkable(page):
        return
    cited = {c.key for c in unit.cites}
    for a, _, key, phrase in unit_spans(page.corpus, unit):
        if key not in cited:
            line, col = unit.block.position(a)
            page.report(WRONG_PAPER, line, col, phrase=" ".join(phrase.split()), key=key,
                        kind=unit.block.kind)

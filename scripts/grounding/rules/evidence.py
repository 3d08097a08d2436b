"""Evidence rules: the numbers, names and quotations of a cited unit are in what it cites, and
nothing is copied without quotation marks.

What a unit "cites" is its evidence scope (``unit.scopes``): for a citation with a locator,
the located lines of the source with a margin of ``PASSAGE_MARGIN`` lines on each side (text
extraction breaks a sentence over several short lines); for a citation without one, the
whole source (and the locator rules report the missing locator).
"""
from __future__ import annotations

import difflib
import re

from . import Rule, check
from .citations import cut, preview
from .descriptors import spans as descriptor_spans

NUMBER_WINDOW = 80          # words: the numbers of one sentence must fit in a span this long
QUOTE_MAX_WORDS = 40        # words: the longest quotation allowed
PASSAGE_MARGIN = 2          # lines around a locator that still count as the passage

NUMBER = Rule(
    "SRC003", "numbers are in the cited passage", "unit",
    "number \"{token}\" does not occur in {where}",
    "check the figure against the source, or cite the passage that gives it",
    what="Write numbers as digits. Every number in a cited unit occurs in the cited passage "
         "(the located lines, 2 lines either side) of one of its sources. Common forms are "
         "matched: `200,000` matches `200.000`, `4.5 million` matches `4,5 juta`, `30%` "
         "matches `30 persen`, `Law No. 21 of 2007` matches `UU No. 21 Tahun 2007`, and a small "
         "number the source spells out (`lima`) matches its digits. A number that is part of a "
         "DOI printed in the passage (`ajis.10.1.151`) counts as in the passage.",
    why="A figure is the claim a reader is most likely to repeat; it must be the source's.",
    fix="Check the figure in the passage and correct it, or cite the passage that gives it.",
    replaces="SRC003 (number not in source)", topic="evidence")

NUMBERS_APART = Rule(
    "SRC015", "a sentence's numbers come from one passage", "unit",
    "numbers {tokens} of one sentence never occur within {window} words of each other in "
    "{where}{detail}",
    "a number may belong to another passage: check the figure, or split the sentence so that "
    "each cites its own passage",
    what="For a citation without a locator: the numbers of one sentence occur within 80 words "
         "of each other in one source, so that a figure cannot be attached to the wrong year.",
    why="Both numbers may be in the paper, but in different places and about different things.",
    fix="Check which number belongs elsewhere; split the sentence, each part citing its own "
        "passage. A locator makes this rule unnecessary: the passage check is stricter.",
    replaces="SRC003 (numbers far apart)", topic="evidence")

NAME = Rule(
    "SRC004", "names are in the cited passage", "unit",
    "name \"{name}\"{forms} does not occur in {where}",
    "cite the passage that names it, or add the form the source uses to scripts/data/aliases.yml",
    what="Every acronym (ASEANAPOL, ACTIP...), every name listed in `scripts/data/aliases.yml` "
         "and every other proper name in a cited unit (places, institutions, instruments: "
         "capitalised words and runs of them) occurs in the cited passage, as written or in one "
         "of the forms the alias table lists for it (`Philippines: [Filipina]`). Not names of "
         "the passage: the words of a paper descriptor declared in `scripts/data/descriptors.yml` "
         "(\"the paper on ASEANAPOL\"), written exactly so, in a unit that cites that paper "
         "(SRC035 covers a descriptor of a paper the unit does not cite); and the text of a link "
         "to another page of the primer (`[ASEAN mechanisms](asean.md)`), which is the page's "
         "title. Glossary links name a term and are checked.",
    why="A name the passage does not mention is a claim the passage does not make: an invented "
        "institution, a country swapped for another.",
    fix="Cite the passage that names it. If the source uses another spelling or the Indonesian "
        "name, add that form to the name's line in `scripts/data/aliases.yml` (only a form that "
        "means the same thing). A capitalised word that is not a name can be listed under "
        "`_not_names`.", replaces="SRC004 (name not in source)", topic="evidence")

MISQUOTE = Rule(
    "SRC005", "quotations are verbatim", "unit",
    "quotation \"{quote}\" is not verbatim in {where}{diff}",
    "{closest}copy the words exactly as the source has them, or use italics instead of "
    "quotation marks for a term",
    what="Text in double quotes is found word for word in the cited passage (quotation marks, "
         "hyphenation at line breaks and spacing are normalised; `...` separates parts).",
    why="A quotation is the strongest claim of all: these are the source's own words.",
    fix="Copy the words exactly as the hint shows them; use *italics* rather than quotation "
        "marks for a term or a scare quote.", replaces="SRC005 (not verbatim)", topic="evidence")

LONG_QUOTE = Rule(
    "SRC016", "quotations are short", "unit",
    "quotation of {words} words is longer than {limit}",
    "shorten it with '...' or paraphrase in your own words",
    what="A quotation is at most 40 words.",
    why="Short quotation is fair use; the primer's text is its own words.",
    fix="Shorten it with `...` or paraphrase it.", replaces="SRC005 (too long)", topic="evidence")

COPIED = Rule(
    "SRC006", "no unmarked copying", "unit",
    "{run} consecutive words are copied from source {key} without quotation marks: \"{text}\"",
    "write it in your own words, or quote a short passage (≤ 40 words) in double quotes with a "
    "translation",
    what="12 or more consecutive words shared with any source, outside a quotation, are copying. "
         "This matters most for the papers' English abstracts.",
    why="Unmarked copying misrepresents the source's words as the primer's.",
    fix="Write it in your own words, or quote a short passage in double quotes.",
    replaces="SRC006", topic="evidence")


@check(MISQUOTE, LONG_QUOTE)
def quotations(page, unit):
    if not unit.checkable(page):
        return
    for start, end, quote in unit.quotes:
        words = _WORD.findall(quote)
        line, col = unit.block.position(start)
        if len(words) > QUOTE_MAX_WORDS:
            page.report(LONG_QUOTE, line, col, words=len(words), limit=QUOTE_MAX_WORDS)
        for seg in (s for s in _ELLIPSIS.split(quote) if _WORD.search(s)):
            from ..text import canonical
            c = canonical(seg).strip(" ,;:")
            if not unit.scope.has_quote(c, len(_WORD.findall(seg)) <= 3):
                best = unit.scope.closest(c)
                diff = ""
                if best and len(words) > 1:
                    changed = _differing_word(c, best[1])
                    if changed:
                        diff = f": \"{changed[0]}\" where the source has \"{changed[1]}\""
                page.report(MISQUOTE, line, col, quote=seg.strip(), where=unit.scope.label,
                            diff=diff, closest=(f"closest passage in {best[0]}: "
                                                f"\"{cut(best[1], 200)}\"; " if best else ""))


@check(NUMBER, NUMBERS_APART)
def numbers(page, unit):
    if not unit.checkable(page):
        return
    scope = unit.scope
    for sentence in unit.numbers:
        missing = [(off, tok) for off, tok, rd in sentence
                   if not scope.has_number(rd) and not _in_doi(scope, rd)]
        for off, tok in missing:
            line, col = unit.block.position(off)
            page.report(NUMBER, line, col, token=tok, where=scope.label)
        if missing or len(sentence) < 2 or scope.located:
            continue
        distinct = list({tuple(sorted(rd)): (off, tok, rd) for off, tok, rd in sentence}.values())
        if len(distinct) < 2:
            continue
        best = None
        for s in scope.sources():
            span = _min_span(s, [rd for _, _, rd in distinct])
            if span and (best is None or span[0] < best[0]):
                best = (span[0], s, span[1], span[2])
        if best is None or best[0] > NUMBER_WINDOW:
            off, tok, _ = distinct[1]
            line, col = unit.block.position(off)
            toks = ", ".join(f"\"{t}\"" for _, t, _ in distinct)
            page.report(NUMBERS_APART, line, col, tokens=toks, window=NUMBER_WINDOW,
                        where=scope.label, detail=_apart_detail(scope, distinct, best))


def _apart_detail(scope, distinct, best) -> str:
    """Say which number is missing from the best passage, and show that passage."""
    top = None
    for s in scope.sources():
        for i, (_, tok, rd) in enumerate(distinct):
            for p in sorted({p for r in rd for p in s.numbers.get(r, [])}):
                near = [t for j, (_, t, r2) in enumerate(distinct) if j != i and any(
                    abs(q - p) <= NUMBER_WINDOW for r in r2 for q in s.numbers.get(r, []))]
                if top is None or len(near) > top[0]:
                    top = (len(near), s, p, tok, near)
    if top is None:
        return ""
    _, s, p, tok, near = top
    absent = [t for _, t, _ in distinct if t != tok and t not in near]
    text = cut(s.passage(p - 10, p + 20), 160)
    return (f"; {', '.join(chr(34) + a + chr(34) for a in absent)} "
            f"{'is' if len(absent) == 1 else 'are'} not within {NUMBER_WINDOW} words of "
            f"\"{tok}\" in {s.key}: \"{text}\"")


@check(NAME)
def names(page, unit):
    if not unit.checkable(page):
        return
    if page.corpus.aliases_broken is not None:
        page.skip(len(unit.names))
        return
    for off, name, forms in unit_names(page.corpus, unit):
        if not any(unit.scope.has_name(f) for f in forms):
            line, col = unit.block.position(off)
            shown = [f for f in forms if f != name]
            page.report(NAME, line, col, name=name, where=unit.scope.label,
                        forms=f" (or its forms {', '.join(shown)})" if shown else "")


@check(COPIED)
def copying(page, unit):
    if not unit.checkable(page):
        return
    from ..text import doc_word_tokens, ngram_hashes, COPY_NGRAM
    masked = unit.body
    for a, b, _ in unit.quotes:
        masked = masked[:a] + re.sub(r"[^\n]", " ", masked[a:b]) + masked[b:]
    toks = list(doc_word_tokens(masked))
    hashes = ngram_hashes([t for _, _, t in toks])
    shingles = page.corpus.shingles
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
        line, col = unit.block.position(start)
        page.report(COPIED, line, col, run=run, key=key, text=preview(unit.body[start:end], 80))
        i = j - 1 + COPY_NGRAM


# --------------------------------------------------------------------------- names

_ACRONYM = re.compile(r"(?<![\w-])((?:[a-zA-Z]-)?[A-Z][A-Z0-9]*[A-Z])(?:s)?(?![\w-])")


# A link to a page of the primer other than the glossary: ``[ASEAN mechanisms](asean.md#x)``.
# Its text is navigation (the title of the page it leads to), not a claim about the passage.
# Glossary links (``[TPPO](../glossary.md#tppo)``) name a term and stay checked.
_PAGE_LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\(((?![a-z]+:)[^()\s]*?\.md(?:#[^()\s]*)?)\)")
_GLOSSARY = re.compile(r"(?:^|/)glossary\.md(?:#|$)")


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]


def unit_names(corpus, unit) -> list:
    """(offset, name, forms) of every name a cited unit must find in its passage: acronyms,
    names of the alias table, and other proper names (see ``proper_names``). The words of a
    declared paper descriptor ("the paper on ASEANAPOL", rules/descriptors.py) are left out
    when the unit cites that paper. Computed once per unit (the report counts them too)."""
    cached = unit.__dict__.get("_names")
    if cached is not None:
        return cached
    body = unit.body
    cited = {c.key for c in unit.cites}
    for a, b, key, _ in descriptor_spans(corpus, body):
        if key in cited:
            body = _blank(body, a, b)
    if "](" in unit.block.text:       # the text of a link to another page names that page
        for m in _PAGE_LINK.finditer(unit.block.text):
            if not _GLOSSARY.search(m.group(2)):
                body = _blank(body, m.start(1), m.end(1))
    out = []
    seen = set()
    for m in _ACRONYM.finditer(body):
        acr = m.group(1)
        if acr in seen or acr in corpus.not_names:
            continue
        seen.add(acr)
        out.append((m.start(), acr, corpus.aliases.get(acr, [acr])))
    if corpus.aliases:
        for m in corpus.alias_pattern().finditer(body):
            name = corpus.alias_names[" ".join(m.group(0).split()).lower()]
            if name in seen:
                continue
            seen.add(name)
            out.append((m.start(), name, corpus.aliases[name]))
    out.sort()
    unit.__dict__["_names"] = out
    return out


# --------------------------------------------------------------------------- helpers

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ELLIPSIS = re.compile(r"\s*(?:\[\.\.\.\]|\[…\]|\.\.\.|…)\s*")


_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")


def _in_doi(scope, readings) -> bool:
    """A number that is a part of a DOI printed in the located passage (``ajis.10.1.151``):
    the number index reads a DOI as one token, so its volume and issue are looked up here."""
    if not scope.located:
        return False
    for _, _, _, canon in scope._texts():
        if "10." in canon:
            for m in _DOI.finditer(canon):
                if readings & set(re.findall(r"\d+", m.group(0))):
                    return True
    return False


def _differing_word(quote: str, passage: str):
    """(word in the quotation, word in the source) at the first difference, if one word."""
    qa = quote.split()
    pb = passage.split()[:len(qa) + 3]
    sm = difflib.SequenceMatcher(None, [w.lower() for w in qa], [w.lower() for w in pb],
                                 autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "replace":
            return " ".join(qa[a1:a2]), " ".join(pb[b1:b2])
        if op in ("delete", "insert"):
            return None
    return None


def _min_span(source, readings_list):
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
    for p, idx in occ:
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

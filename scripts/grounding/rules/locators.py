"""Locator rules: every citation in a claim names its passage, and the passage exists.

A locator is ``, line N`` or ``, lines N-M`` after the key: 1-based line numbers of
``sources/<key>.txt`` (``grep -n`` and ``sed -n 'N,Mp'`` show the same numbers). The evidence
rules then look for the unit's numbers, names and quotations in those lines (±2).
"""
from __future__ import annotations

from . import Rule, check

MAX_RANGE = 40              # lines: a wider range is not a passage any more
PROPOSE = "python scripts/propose_locators.py {path}:{at}"

MISSING = Rule(
    "SRC029", "every citation names its passage", "unit",
    "citation of {key} has no locator: say which lines of sources/{key}.txt this comes from",
    "add ', lines N-M' after the key; " + PROPOSE + " lists candidate passages",
    what="Every citation in a claim unit has a locator: `[@key, line N]` or "
         "`[@key, lines N-M]`, the lines of `sources/<key>.txt` the statement comes from. "
         "Exempt units (objectives, `exercises`, `related`) and `grounding: meta` pages need "
         "none.",
    why="A citation of a whole paper cannot be verified in seconds: a reader, a reviewer or a "
        "prosecutor asking \"where does the paper say that?\" needs the passage, and the "
        "checker looks for the unit's numbers, names and quotations there and only there.",
    fix="Find the passage (`python scripts/propose_locators.py docs/chapters/x.md:LINE` lists "
        "the passages where the unit's numbers, names and quotations occur together), read "
        "it, and add its lines after the key.", topic="locators")

MALFORMED = Rule(
    "SRC030", "locators are written as line N or lines N-M", "unit",
    "locator \"{locator}\" of {key} is not ', line N' or ', lines N-M'",
    "write it exactly as '[@{key}, line N]' or '[@{key}, lines N-M]' (lower case, ASCII "
    "hyphen, a comma after the key)",
    what="A locator is `, line N` or `, lines N-M` after the key: lower-case `line`/`lines`, "
         "digits, an ASCII hyphen, nothing else (no `p.`, no `l.`, no en dash).",
    why="A locator the checker cannot read points nowhere: the citation is not linked to its "
        "passage and nothing in it is verified there.",
    fix="Rewrite it in the fixed form; for several passages write several citations in one "
        "group: `[@key, lines 3-5; @key, line 40]`.", topic="locators")

OUT_OF_RANGE = Rule(
    "SRC031", "locators are inside the source", "unit",
    "{what} of {key} is outside sources/{key}.txt, which has {count} lines",
    "check the line numbers with: grep -n 'a word of the passage' sources/{key}.txt",
    what="The lines of a locator exist: from 1 to the number of lines of `sources/<key>.txt`.",
    why="A line that does not exist is a typo or a locator copied from another source; its "
        "link leads nowhere.",
    fix="Look the passage up again (`grep -n`) and correct the numbers, or correct the key.",
    topic="locators")

REVERSED = Rule(
    "SRC032", "ranges run forwards", "unit",
    "range lines {first}-{last} of {key} runs backwards",
    "write the smaller number first: lines {last}-{first}",
    what="In `lines N-M`, N is not greater than M.",
    why="A reversed range is a typo; it is not clear which passage is meant.",
    fix="Swap the numbers, after checking them against the source.", topic="locators")

TOO_WIDE = Rule(
    "SRC033", "a locator names a passage, not a section", "unit",
    "range lines {first}-{last} of {key} spans {span} lines; the limit is {limit}",
    "cite the lines that say it; for several passages use several citations: "
    "[@{key}, lines N-M; @{key}, line K]",
    what="A range covers at most 40 lines of the source.",
    why="A passage is what a reviewer reads in seconds. A wide range lets a number or a name "
        "found anywhere in a long section pass as evidence, as a whole-paper citation did.",
    fix="Narrow the range to the lines that carry the statement, or split it into several "
        "citations of the passages it draws on.", topic="locators")


@check(MISSING, MALFORMED, OUT_OF_RANGE, REVERSED, TOO_WIDE)
def locators(page, unit):
    corpus = page.corpus
    need = not page.meta_page and not unit.exempt and unit.claim
    for group in unit.block.citations:
        for c in group.cites:
            if c.key not in corpus.entries:
                continue                              # SRC001 reports the key
            line, col = group.line, group.col + 1 + c.offset
            if c.malformed:
                page.report(MALFORMED, line, col, locator=c.locator.lstrip(", "), key=c.key)
                continue
            if c.first is None:
                if need:
                    page.report(MISSING, line, col, key=c.key, path=page.rel, at=group.line)
                continue
            if c.first > c.last:
                page.report(REVERSED, line, col, first=c.first, last=c.last, key=c.key)
                continue
            src = corpus.sources.get(c.key)
            if src is not None:
                count = _line_count(src)
                bad = [n for n in (c.first, c.last) if n < 1 or n > count]
                if bad:
                    what = (f"line {c.first}" if c.first == c.last
                            else f"lines {c.first}-{c.last}")
                    page.report(OUT_OF_RANGE, line, col, what=what, key=c.key, count=count)
                    continue
            span = c.last - c.first + 1
            if span > MAX_RANGE:
                page.report(TOO_WIDE, line, col, first=c.first, last=c.last, key=c.key,
                            span=span, limit=MAX_RANGE)


def _line_count(src) -> int:
    """The number of lines of a source (a last line without its newline counts), once per
    source rather than once per citation: ``text.count("\\n") + (not text.endswith("\\n"))``,
    which is ``len(text.split("\\n")) - text.endswith("\\n")``."""
    count = src.__dict__.get("_line_count")
    if count is None:
        text = src.text
        count = src.__dict__["_line_count"] = text.count("\n") + (not text.endswith("\n"))
    return count

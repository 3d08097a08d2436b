"""Editions: an Indonesian page (`docs/<page>.id.md`, issue 14) keeps in step with its English
original (`docs/<page>.md`).

The translation rules say: the same units (paragraphs, list items, table rows, box bodies), in
the same order, each with exactly the same citation groups and locators. Two checks follow:

- SRC051 compares the two pages' sequences of units by their citations (keys and locators)
  and reports each place where they part (a unit missing, added, or citing something else),
  with both file:line positions.
- SRC052 finds a translation gone stale: scripts/data/translations.yml records, for each
  Indonesian page, a short hash of every English unit (its text with its citations, whitespace
  collapsed) as it was when the page was translated or last brought up to date. An English unit
  whose hash changed while its translation is the same unit position is reported at both
  positions, until the translator updates the unit and records the new state with
  `python scripts/sync_translations.py docs/<page>.id.md`.

Pages with `grounding: meta` (home, course outline, downloads...) carry no citations, and may
carry what only one edition needs (the Indonesian home page's note on languages), so their units
are not compared (SRC051). Their staleness is checked for the page as a whole: the record keeps a
hash of the English page's text, and any change to it reports the translation once, at its first
line, until it is brought up to date and recorded. A meta page that is an adaptation rather than
a translation (the short Indonesian page on proposing a correction) says so in its front matter,
`translation: adapted`, and is not tracked.
"""
from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import yaml

from . import Rule, check
from .. import markdown as md
from ..files import load_yaml

SUFFIX = ".id.md"
LOCK = "scripts/data/translations.yml"

NO_ORIGINAL = Rule(
    "SRC050", "a translation has its original", "page",
    "translation has no English original {original}",
    "an Indonesian page docs/<page>.id.md translates docs/<page>.md: rename it, or add the "
    "English page first",
    what="Every Indonesian page `docs/<page>.id.md` has its English original `docs/<page>.md`.",
    why="The Indonesian edition is a translation: mkdocs-static-i18n pairs the two by name, "
        "and the language switcher and the other edition rules need the original.",
    fix="Give the page the name of the English page it translates, with `.id` before `.md`.",
    topic="editions")

UNITS = Rule(
    "SRC051", "a translation has the same units and citations as its original", "page",
    "{problem} ({original}:{oline})",
    "each paragraph, list item, table row and box of the original has one translated unit, in "
    "the same order, with its citation groups copied verbatim",
    what="An Indonesian page has the same units as its English original, in the same order, "
         "each citing the same keys with the same locators (`[@key, lines N-M]` copied "
         "verbatim). Units are compared by their citations, so wording may differ freely.",
    why="Both editions must say the same thing from the same passages; a unit dropped, added "
        "or cited differently in one edition is a difference a reader cannot see.",
    fix="Translate the unit that is missing, remove the one that was added, or copy the "
        "original's citation group. The message gives the position in both files.",
    topic="editions")

STALE = Rule(
    "SRC052", "a translation is not stale", "page",
    "{problem} ({original}:{oline})",
    "update the translation (this unit, or the page if it is a page about the project), "
    "then record it: python scripts/sync_translations.py {rel}",
    what="No English unit has changed since its Indonesian translation was last brought up to "
         "date. `scripts/data/translations.yml` keeps, per Indonesian page, a hash of each "
         "English unit (text and citations) as translated; a unit whose English text now "
         "hashes differently is stale. A page not yet recorded is reported once. A page "
         "about the project (`grounding: meta`) is recorded as a whole: any change to its "
         "English original reports it once, at its first line; one that is an adaptation, "
         "not a translation, says `translation: adapted` in its front matter and is not "
         "tracked.",
    why="Without it, a corrected English paragraph would leave the old claim standing in the "
        "Indonesian edition, and nothing would show it.",
    fix="Read the English unit at the position given, update the translation, and run "
        "`python scripts/sync_translations.py docs/<page>.id.md` to record the new state "
        "(never run it without updating the translation).",
    topic="editions")


def original_of(rel: str) -> str:
    return rel[:-len(SUFFIX)] + ".md"


def signature(block) -> tuple:
    """A unit's citations: ((key, first, last), ...) per group."""
    return tuple(tuple((c.key, c.first, c.last) for c in g.cites) for g in block.citations)


def unit_hash(block) -> str:
    return hashlib.sha1(" ".join(block.text.split()).encode("utf-8")).hexdigest()[:10]


ADAPTED = "adapted"      # front matter `translation: adapted`: a meta page that is not tracked


def page_hash(text: str) -> str:
    """A meta page's English original as translated: its whole text, white space collapsed."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def english_text(root: Path, rel: str) -> str | None:
    path = root / original_of(rel)
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def english_units(root: Path, rel: str) -> list | None:
    text = english_text(root, rel)
    return None if text is None else md.parse_cached(text).units


def load_lock(root: Path) -> dict:
    path = root / LOCK
    if not path.is_file():
        return {}
    try:
        return load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return {}


_LOCKS: dict = {}    # (root, mtime, size) -> the lock, read once per run, not once per page


def _lock_of(root: Path) -> dict:
    """load_lock(), cached while the file is unchanged (mkdocs serve sees an edit at once)."""
    path = root / LOCK
    try:
        st = path.stat()
        stamp = (str(root), st.st_mtime_ns, st.st_size)
    except OSError:
        return {}
    if stamp not in _LOCKS:
        _LOCKS.clear()
        _LOCKS[stamp] = load_lock(root)
    return _LOCKS[stamp]


def _fmt_sig(sig: tuple) -> str:
    if not sig:
        return "no citation"
    groups = []
    for g in sig:
        parts = []
        for key, a, b in g:
            loc = "" if a is None else (f", line {a}" if b in (None, a) else f", lines {a}-{b}")
            parts.append(f"@{key}{loc}")
        groups.append("[" + "; ".join(parts) + "]")
    return " ".join(groups)


@check(NO_ORIGINAL, UNITS, STALE)
def in_step(page):
    if not page.rel.endswith(SUFFIX) or not page.rel.startswith("docs/"):
        return
    root = page.checker.root
    original = original_of(page.rel)
    en = english_units(root, page.rel)
    if en is None:
        page.report(NO_ORIGINAL, 1, 1, original=original)
        return
    if page.meta_page:
        if str(page.meta.get("translation", "")).strip().lower() != ADAPTED:
            _meta_in_step(page, original)
        return
    ours = [u.block for u in page.units]
    a = [signature(b) for b in en]
    b = [signature(x) for x in ours]
    aligned = a == b
    if not aligned:
        end_line = len(page.doc.text.split("\n"))
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            oline = en[i1].line if i1 < len(en) else (en[-1].line if en else 1)
            line = ours[j1].line if j1 < len(ours) else end_line
            if op == "delete":
                problem = (f"{i2 - i1} unit(s) of the original are missing before this one, the first "
                           f"citing {_fmt_sig(a[i1])}")
            elif op == "insert":
                problem = (f"{j2 - j1} unit(s) here have no counterpart in the original, the "
                           f"first citing {_fmt_sig(b[j1])}")
            else:
                problem = (f"unit cites {_fmt_sig(b[j1])} where the original cites "
                           f"{_fmt_sig(a[i1])}")
                if i2 - i1 > 1 or j2 - j1 > 1:
                    problem += f" ({j2 - j1} unit(s) here against {i2 - i1} there)"
            page.report(UNITS, line, 1, problem=problem, original=original, oline=oline)
        return
    recorded = (_lock_of(root).get(page.rel) or {}).get("units")
    if recorded is None:
        page.report(STALE, 1, 1, original=original, oline=1, rel=page.rel,
                    problem=f"translation is not recorded in {LOCK}")
        return
    for i, (eb, ib) in enumerate(zip(en, ours)):
        if i >= len(recorded) or recorded[i] != unit_hash(eb):
            page.report(STALE, ib.line, 1, original=original, oline=eb.line, rel=page.rel,
                        problem="unit is stale: its English original changed since it was "
                                "translated")


def _meta_in_step(page, original: str) -> None:
    recorded = (_lock_of(page.checker.root).get(page.rel) or {}).get("page")
    if recorded is None:
        page.report(STALE, 1, 1, original=original, oline=1, rel=page.rel,
                    problem=f"translation is not recorded in {LOCK}")
    elif recorded != page_hash(english_text(page.checker.root, page.rel) or ""):
        page.report(STALE, 1, 1, original=original, oline=1, rel=page.rel,
                    problem="page is stale: its English original changed since it was "
                            "translated (compare the two pages)")

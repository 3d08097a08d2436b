"""Citation rules: every claim is cited, with keys that exist, declared in the front matter."""
from __future__ import annotations

from . import Rule, check

EXEMPT_MAX_SHARE = 0.35     # share of exempt units above which a page fails

UNKNOWN_KEY = Rule(
    "SRC001", "citation keys exist", "unit",
    "unknown citation key '{key}'", "{suggestion}keys are listed in bibliography.bib",
    what="Every `@key` in a citation is a key of `bibliography.bib`.",
    why="An unknown key renders as raw text and cites nothing.",
    fix="Correct the key (the hint suggests the real key it is closest to, if any).",
    replaces="SRC001 (unknown key)", topic="citations")

BROKEN_GROUP = Rule(
    "SRC013", "a citation stays on one line", "unit",
    "citation is broken across two lines, so it will not be rendered",
    "keep each [@...] on one line",
    what="A citation group `[@...]` starts and ends on the same line.",
    why="The renderer does not see a group that is broken by a line break.",
    fix="Join the lines (editors that wrap text may break it: turn wrapping off for the line).",
    replaces="SRC001 (broken citation)", topic="citations")

UNCITED = Rule(
    "SRC002", "every claim is cited", "unit",
    "{kind} has no citation: \"{preview}\"",
    "add [@key, lines N-M] for the passage this comes from; if it is a question or navigation, "
    "put it in an 'exercises' or 'related' box",
    what="Every paragraph, list item, table row and box body that states something cites the "
         "source it comes from. Exempt: learning objectives and the `exercises` and `related` "
         "boxes, which hold questions and navigation, not claims.",
    why="A reader, a trainer or a prosecutor must be able to find where each statement comes "
        "from.",
    fix="Add the citation of the passage the statement comes from; move a question into the "
        "`exercises` box.", replaces="SRC002 (uncited unit)", topic="citations")

EXEMPT_SHARE = Rule(
    "SRC014", "exempt units are limited", "page",
    "{exempt} of {units} units are exempt (objectives, exercises, related); the limit is "
    "{limit}%",
    "exempt boxes are for questions and navigation only; move claims out of them and cite them",
    what="At most 35% of a page's units are exempt (objectives, `exercises`, `related`).",
    why="Exempt boxes are not checked; a page that is mostly boxes escapes the checker.",
    fix="Write more cited text, or cut objectives and questions.",
    replaces="SRC002 (exempt share)", topic="citations")

UNDECLARED = Rule(
    "SRC007", "cited sources are declared", "page",
    "'{key}' is cited but not declared in front matter", "add {key} to 'sources:'",
    what="Every key a page cites is listed under `sources:` in its front matter.",
    why="The chapter header shows the declared sources as what the chapter draws on.",
    fix="Add the key to `sources:`.", replaces="SRC007 (undeclared source)", topic="citations")

UNCITED_SOURCE = Rule(
    "SRC017", "declared sources are cited", "page",
    "'{key}' is declared in front matter but never cited",
    "cite it where it is used, or remove it from 'sources:'",
    what="Every key listed under `sources:` is cited somewhere on the page.",
    why="A declared source that is never cited claims support that is not there.",
    fix="Cite it where it is used, or remove it from `sources:`.",
    replaces="SRC007 (declared, never cited)", topic="citations")

NO_SOURCES = Rule(
    "SRC018", "a page declares its sources", "page",
    "front matter declares no sources",
    "add 'sources: [key, ...]' listing every key the page cites, or 'grounding: meta' for a "
    "page about the project",
    what="A page has `sources:` in its front matter, or `grounding: meta` if it is about the "
         "project rather than about trafficking.",
    why="The checker must know whether a page makes claims.",
    fix="Add `sources: [key, ...]`, or `grounding: meta` for a page about the project.",
    replaces="SRC007 (no sources: key)", topic="citations")


@check(UNKNOWN_KEY, BROKEN_GROUP)
def citation_keys(page, unit):
    corpus = page.corpus
    for group in unit.block.citations:
        if group.multiline:
            page.report(BROKEN_GROUP, group.line, group.col)
        if corpus.bib_broken is not None:
            page.skip(len(group.cites))
            continue
        for cite in group.cites:
            if cite.key not in corpus.entries:
                close = corpus.closest_key(cite.key)
                page.report(UNKNOWN_KEY, group.line, group.col, key=cite.key,
                            suggestion=f"did you mean '{close}'? " if close else "")


@check(UNCITED)
def uncited(page, unit):
    if page.meta_page or unit.exempt or not unit.claim or unit.block.citations:
        return
    text = unit.block.text
    line, col = unit.block.position(len(text) - len(text.lstrip()))
    page.report(UNCITED, line, col, kind=unit.block.kind, preview=preview(text))


@check(EXEMPT_SHARE, UNDECLARED, UNCITED_SOURCE, NO_SOURCES)
def declared_sources(page):
    if page.meta_page:
        return
    stats = page.counts()
    if stats["units"] and stats["exempt"] / stats["units"] > EXEMPT_MAX_SHARE:
        page.report(EXEMPT_SHARE, 1, 1, exempt=stats["exempt"], units=stats["units"],
                    limit=int(EXEMPT_MAX_SHARE * 100))
    declared = page.meta.get("sources")
    if declared is None:
        page.report(NO_SOURCES, 1, 1)
        return
    if page.corpus.bib_broken is not None:
        page.skip(1)
        return
    if isinstance(declared, str):
        declared = [declared]
    if not isinstance(declared, list):
        declared = []
    declared_set = {str(d) for d in declared}
    cited = page.cited_keys()
    for key in sorted(set(cited) - declared_set):
        line, col = cited[key]
        page.report(UNDECLARED, line, col, key=key)
    for key in sorted(declared_set - set(cited)):
        page.report(UNCITED_SOURCE, 1, 1, key=key)


def preview(text: str, n: int = 70) -> str:
    t = " ".join(text.split())
    return cut(t, n)


def cut(t: str, n: int) -> str:
    return t if len(t) <= n else t[:n - 1] + "…"

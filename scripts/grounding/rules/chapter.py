"""Chapter-format rules, read from the declaration in scripts/data/chapter_format.yml (the
same data scripts/new_chapter.py writes a new chapter from)."""
from __future__ import annotations

import re

from . import Rule, check
from ..fmt import chapter_format, known_boxes

FORMAT = Rule(
    "SRC026", "a chapter has the declared format", "page",
    "chapter {problem}", "{hint}",
    what="A chapter (`docs/chapters/*.md`) has what `scripts/data/chapter_format.yml` "
         "declares: the front-matter keys `title`, `summary`, `sources` and `objectives` (3 to "
         "6 objectives), at least one `##` section, and one box of each required type "
         "(`differ`, `keypoints`, `exercises`, `related`).",
    why="The chapter header, the course page and the PDF (which numbers chapters by their "
        "sections) are built from these parts; a chapter without them breaks silently.",
    fix="Add what the message names; `scripts/new_chapter.py` writes every part.",
    topic="chapter")

PLACEHOLDER = Rule(
    "SRC027", "no template placeholders are left", "page",
    "template placeholder {word} left {where}", "replace it with the chapter's own text",
    what="No `TODO` placeholder of the chapter template is left, in the front matter or the "
         "text.", why="A placeholder is a part of the chapter that was never written.",
    fix="Write the part and delete the placeholder.", topic="chapter")

UNKNOWN_BOX = Rule(
    "SRC028", "box types are known", "page",
    "unknown box type '{kind}'{suggestion}",
    "the box types are listed in scripts/data/chapter_format.yml",
    what="Every box (`!!! type \"Title\"`) has a type declared in "
         "`scripts/data/chapter_format.yml` (the primer's own and Material's standard types).",
    why="A misspelled type (`exercices`) renders as a plain box and, worse, is not exempt or "
        "required as the author meant.",
    fix="Correct the type.", topic="chapter")


@check(UNKNOWN_BOX)
def box_types(page):
    import difflib
    known = known_boxes()
    for box in page.doc.boxes:
        if box.kind not in known:
            close = difflib.get_close_matches(box.kind, sorted(known), n=1, cutoff=0.7)
            page.report(UNKNOWN_BOX, box.line, box.col, kind=box.kind,
                        suggestion=f" (did you mean '{close[0]}'?)" if close else "")


@check(FORMAT, PLACEHOLDER)
def chapter_parts(page):
    if not page.is_chapter or page.meta_page:
        return
    fmt = chapter_format()
    meta = page.meta
    for key in fmt["front_matter"]:
        if key not in meta or meta[key] in (None, ""):
            if key == "sources":
                continue                     # SRC018 reports a missing sources: key
            page.report(FORMAT, 1, 1, problem=f"front matter has no '{key}'",
                        hint=f"add '{key}:' to the front matter (see CONTRIBUTING.md)")
    objectives = meta.get("objectives")
    lo, hi = fmt["objectives"]["min"], fmt["objectives"]["max"]
    if "objectives" in meta and (not isinstance(objectives, list)
                                 or not lo <= len(objectives) <= hi):
        n = len(objectives) if isinstance(objectives, list) else 0
        page.report(FORMAT, 1, 1, problem=f"has {n} learning objective(s)",
                    hint=f"give {lo} to {hi} objectives, each a line '  - Explain ...'")
    sec = fmt["sections"]
    if sum(1 for h in page.doc.headings if h.level == sec["level"]) < sec["min"]:
        page.report(FORMAT, 1, 1, problem="has no '##' section",
                    hint="divide the chapter into sections with '## Heading' lines")
    kinds = {b.kind for b in page.doc.boxes}
    for kind, spec in fmt["boxes"].items():
        if (spec or {}).get("required") and kind not in kinds:
            page.report(FORMAT, 1, 1, problem=f"has no '{kind}' box",
                        hint=f"add it: !!! {kind} \"{spec['title']}\"")
    word = fmt["placeholder"]
    pat = re.compile(rf"\b{re.escape(word)}\b")
    if word not in page.doc.text:
        return
    for n, line in enumerate(page.doc.text.split("\n"), 1):
        m = pat.search(line)
        if m:
            where = "in the front matter" if n < page.doc.body_line else "in the text"
            page.report(PLACEHOLDER, n, m.start() + 1, word=word, where=where)

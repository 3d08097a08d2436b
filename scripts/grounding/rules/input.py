"""Input rules: the file can be read and parsed as a page."""
from __future__ import annotations

from . import Rule, check

UNREADABLE = Rule(
    "SRC000", "the file can be read as UTF-8 text", "file",
    "{problem}", "{hint}",
    what="A page is a UTF-8 text file that exists (no NUL bytes, no other encoding).",
    why="A page the checker cannot read cannot be checked, and MkDocs would fail on it too.",
    fix="Save the file as UTF-8 (most editors: *Save with encoding*), or check the path.",
    replaces="SRC000 (unreadable file)", topic="input")

FRONT_MATTER = Rule(
    "SRC010", "front matter is valid YAML", "page",
    "{problem}", "{hint}",
    what="The front matter (between the first two `---` lines) is a YAML mapping and is "
         "closed by a `---` line.",
    why="The title, sources and objectives come from it; MkDocs silently drops front matter it "
        "cannot read.",
    fix="Quote values that contain a colon: `title: \"Trafficking at sea: a case study\"`; "
        "close the front matter with `---`.",
    replaces="SRC000 (bad front matter)", topic="input")

UNCLOSED_FENCE = Rule(
    "SRC011", "code fences are closed", "page",
    "code fence {fence} is never closed",
    "close it with a line {fence}; everything after it is otherwise treated as code",
    what="Every fenced code block (```` ``` ```` or `~~~`) has its closing fence.",
    why="Everything after an unclosed fence is code: it is neither rendered as text nor checked.",
    fix="Add the closing fence line.", replaces="SRC000 (unclosed fence)", topic="input")

EMPTY = Rule(
    "SRC012", "a page has content", "page",
    "page has no content", "write the page, or remove it from docs/ and the nav",
    what="A page that is not `grounding: meta` has at least one paragraph, item or row.",
    why="An empty page in the navigation is a broken promise to the reader.",
    fix="Write the page, or remove it and its line in the nav.",
    replaces="SRC000 (empty page)", topic="input")

INTERNAL = Rule(
    "SRC099", "the checker did not fail", "file",
    "internal checker error: {error}", "please report this with the file attached",
    what="The checker itself failed on this file.",
    why="A contributor never sees a traceback: a checker bug is reported like any problem.",
    fix="Report it (open an issue with the file attached).", topic="input")


@check(FRONT_MATTER, UNCLOSED_FENCE)
def parse_problems(page):
    err = page.doc.front_matter_error
    if err is not None:
        page.report(FRONT_MATTER, err.line, 1, problem=err.message, hint=err.hint)
    fence = page.doc.unclosed_fence()
    if fence is not None:
        page.report(UNCLOSED_FENCE, fence.line, fence.col, fence=fence.fence)


@check(EMPTY)
def empty_page(page):
    if page.ok and not page.meta_page and not page.doc.units:
        page.report(EMPTY, 1, 1)

"""The one Markdown parse: markdown-it-py tokens with line maps, turned into the blocks the
checker, the MkDocs hooks and the tests work on.

The site is rendered by Python-Markdown (with the extensions listed in mkdocs.yml); this module
parses the same text with markdown-it-py (CommonMark) and mdit-py-plugins (admonitions,
footnotes, definition lists) plus two small rules of its own (pymdownx.tabbed's ``=== "Tab"``
containers and Python-Markdown's ``attr_list``/``abbr`` lines). Where CommonMark and
Python-Markdown differ, the difference is named where it matters:

- Lists: CommonMark lets a list interrupt a paragraph and nests by content column;
  Python-Markdown wants a blank line before a list and 4-space nesting. Both split the text into
  the same units on the primer's pages (tested against the old line splitter on the real docs).
- Raw HTML blocks (``<div markdown>`` of md_in_html) are opaque here: their Markdown is not
  parsed. Only the safe-content rule looks at them, and it allows no block HTML in docs/.
- Admonitions: mdit-py-plugins closes a box at two blank lines in a row; Python-Markdown closes
  it at the first line indented less than 4 spaces. The primer never has two blank lines inside
  a box.
- Front matter is read here (YAML between ``---`` lines, as MkDocs reads it) and blanked before
  the parse, so line numbers stay those of the file.
- Code spans inside a block are found with CommonMark's backtick-run rule on the block's source
  (markdown-it keeps no character offsets for inline tokens).
- Block quotes: each paragraph of a quote is its own unit (the old splitter made one unit of a
  whole quote; the docs have none).

Public API for other code (the MkDocs hooks, scripts/hooks/citations.py):
``parse(text)`` -> Document, ``citation_groups(text)`` -> list of CitationGroup,
``code_regions(text)`` -> list of (start, end) character offsets of code.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .files import load_yaml

# --------------------------------------------------------------------------- data


@dataclass
class Cite:
    """One citation inside a group: ``@key`` with an optional locator ``line N``/``lines N-M``."""
    key: str
    first: int | None = None      # first cited line of sources/<key>.txt (1-based)
    last: int | None = None       # last cited line (== first for ``line N``)
    locator: str = ""             # the text after the key, as written (", lines 3-5")
    malformed: bool = False       # a locator that is not ``, line N`` or ``, lines N-M``
    offset: int = 0               # offset of '@' inside the group's text


@dataclass
class CitationGroup:
    """A bracketed citation group ``[@a, lines 1-3; @b]``. ``start``/``end`` are character
    offsets of the whole ``[...]`` in the text given; ``line`` and ``col`` are 1-based."""
    start: int
    end: int
    line: int
    col: int
    text: str
    cites: list
    multiline: bool = False


@dataclass
class Block:
    """A leaf block with inline content: paragraph, list item, table row, heading, ...

    ``text`` is the block's source, one entry per line joined with newlines, with container
    prefixes (indentation, ``>``) removed; ``col_offsets[i]`` is how many characters were
    removed from line i, so ``position()`` maps an offset in ``text`` back to the file."""
    kind: str                 # paragraph, item, row, quote, footnote, heading, term, definition
    text: str
    line: int                 # first line, 1-based
    col_offsets: list
    box: str = ""             # innermost box (admonition) type, "" outside boxes
    header: bool = False      # a table's header row
    level: int = 0            # heading level
    code_spans: list = field(default_factory=list)     # (start, end) offsets in text
    citations: list = field(default_factory=list)      # CitationGroup (offsets in text)

    @property
    def unit(self) -> bool:
        """A unit the checker reads as a possible claim (headings and header rows are not)."""
        return self.kind not in ("heading", "term") and not self.header

    def position(self, offset: int) -> tuple[int, int]:
        line_idx = self.text.count("\n", 0, offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.line + line_idx, offset - line_start + 1 + self.col_offsets[line_idx]


@dataclass
class Box:
    kind: str
    title: str
    line: int
    col: int
    end_line: int


@dataclass
class Html:
    """Raw HTML as written: a block or an inline tag (comments included)."""
    text: str
    line: int
    col: int
    block: bool


@dataclass
class CodeBlock:
    line: int            # first line (the fence line for fences), 1-based
    end_line: int        # last line, inclusive
    col: int
    fence: str           # "```", "~~~" or "" for indented code
    closed: bool = True


@dataclass
class FrontMatterError:
    line: int
    message: str
    hint: str


@dataclass
class Document:
    text: str
    meta: dict
    body_line: int                      # first line after the front matter (1-based)
    blocks: list
    boxes: list
    html: list
    code: list
    front_matter_error: FrontMatterError | None = None
    line_starts: list = field(default_factory=list)
    references: dict = field(default_factory=dict)   # LABEL -> {"href", "line"}

    @property
    def units(self) -> list:
        return [b for b in self.blocks if b.unit]

    @property
    def headings(self) -> list:
        return [b for b in self.blocks if b.kind == "heading"]

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col - 1

    def unclosed_fence(self) -> CodeBlock | None:
        return next((c for c in self.code if not c.closed), None)


# --------------------------------------------------------------------------- the parser

_TAB_START = re.compile(r"===\+?[ \t]+\"[^\"\n]*\"[ \t]*$")


def _tabbed(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """pymdownx.tabbed: ``=== "Title"`` followed by content indented 4 spaces."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    line = state.src[pos:state.eMarks[start]]
    if not _TAB_START.match(line):
        return False
    if silent:
        return True
    old_indent, old_max, old_parent = state.blkIndent, state.lineMax, state.parentType
    state.blkIndent += 4
    nxt = start + 1
    while nxt < end:
        empty = state.bMarks[nxt] + state.tShift[nxt] >= state.eMarks[nxt]
        if not empty and state.sCount[nxt] < state.blkIndent:
            break
        nxt += 1
    token = state.push("tab_open", "div", 1)
    token.map = [start, nxt]
    token.info = line
    state.parentType = "tab"
    state.lineMax = nxt
    state.md.block.tokenize(state, start + 1, nxt)
    state.push("tab_close", "div", -1)
    state.blkIndent, state.lineMax, state.parentType = old_indent, old_max, old_parent
    state.line = nxt
    return True


# (the module, not the function of the same name that markdown_it.rules_block exports)
_mdit_table = importlib.import_module("markdown_it.rules_block.table")
_ESCAPED_SPLIT = getattr(_mdit_table, "escapedSplit", None)
_ESCAPED_SPLIT = getattr(_ESCAPED_SPLIT, "original", _ESCAPED_SPLIT)   # (imported again)


def _split_row(string: str) -> list:
    """markdown-it's ``escapedSplit`` (a table row into its cells), done by ``str.split`` for a
    row without a backslash, which is what its loop over every character computes there (a
    pipe is a cell's end unless a backslash is before it); its loop cost a few per cent of a
    page's check.
    tests/test_checker_fuzz.py compares the two."""
    return string.split("|") if "\\" not in string else _ESCAPED_SPLIT(string)


if _ESCAPED_SPLIT is not None:
    _split_row.original = _ESCAPED_SPLIT
    _mdit_table.escapedSplit = _split_row


@lru_cache(maxsize=None)
def _parser(idle: frozenset = frozenset()) -> MarkdownIt:
    """The parser, without the block rules named in ``idle`` (see ``_idle_rules``). Kept for
    every set asked for (at most 2^9; a page asks for one of a handful): a parser dropped from
    the cache would be garbage with reference cycles, which the checker otherwise makes none."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(admon_plugin).use(footnote_plugin).use(deflist_plugin)
    md.validateLink = lambda url: True     # keep every link definition: the checker judges them
    md.block.ruler.before("fence", "tabbed", _tabbed,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    # The block structure is all the checker needs from markdown-it: inline parsing (links,
    # emphasis...) is not used, so it is switched off for speed.
    md.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    if idle:
        md.block.ruler.disable(sorted(idle))
    return md


# Block rules that can only start a block where their marker is in the text: without it, the
# rule says no at every line (as a block and as the end of a paragraph), so leaving it out of
# the chain gives the same tokens. markdown-it tries every rule at the start of every block
# and at every line of a paragraph; on the primer's pages most of these never fire, and
# leaving them out makes markdown-it's part of the parse 15% faster. The tests are loose (a
# marker anywhere, or at the start of a line after any list or quote markers), never stricter
# than the rules themselves; tests/test_checker_fuzz.py compares the tokens with the whole
# parser's.
_MARKERS = [
    ("fence", lambda s, deflist: "```" in s or "~~~" in s),
    ("tabbed", lambda s, deflist: "===" in s),
    ("admonition", lambda s, deflist: "!!!" in s or "???" in s),
    ("blockquote", lambda s, deflist: ">" in s),
    ("html_block", lambda s, deflist: "<" in s),
    ("footnote_def", lambda s, deflist: "[^" in s),
    ("reference", lambda s, deflist: "]:" in s),
    ("deflist", lambda s, deflist: deflist),
    ("lheading", lambda s, deflist: _SETEXT_LINE.search(s) is not None),
    # a rule made of three or more of - * _ (a footnote's or a definition's text, which may be
    # one, starts on its marker's line: with either in the page, the rule stays)
    ("hr", lambda s, deflist: "[^" in s or deflist or _RULE_LINE.search(s) is not None),
]
# The line patterns start with the line break before the line (they search "\n" + the text):
# a pattern that starts with "^" is tried at every character, one that starts with a literal
# character only where that character is, which made these searches six times faster.
_DEFLIST_MARK = re.compile(r"\n[ \t>*+\-\d.)]*[:~]")                 # ": definition"
_SETEXT_LINE = re.compile(r"\n[ \t>*+\-\d.)]*(?:=+|-+)[ \t]*$", re.M)  # "====" under a heading
_RULE_LINE = re.compile(r"\n(?=[ \t>*+\-\d.)_]*$)(?:[^-*_\n]*[-*_]){3}", re.M)  # "* * *"


def _idle_rules(src: str) -> frozenset:
    lines = "\n" + src
    deflist = _DEFLIST_MARK.search(lines) is not None               # two rules ask for it
    return frozenset(name for name, present in _MARKERS if not present(lines, deflist))


def read_front_matter(lines: list) -> tuple[dict, int, FrontMatterError | None]:
    """(meta, index of the first body line, error) for the lines of a page."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, len(lines), FrontMatterError(1, "front matter is never closed",
                                                "end the front matter with a line '---'")
    try:
        meta = load_yaml("\n".join(lines[1:end])) or {}
        if not isinstance(meta, dict):
            raise yaml.YAMLError("front matter must be a mapping of keys to values")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return {}, end + 1, FrontMatterError(
            (mark.line + 2) if mark else 1,
            f"front matter is not valid YAML: {getattr(e, 'problem', None) or e}",
            "front matter is 'key: value' lines between two '---' lines")
    return meta, end + 1, None


_LIST_MARK = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_ABBR_LINE = re.compile(r"\*\[[^\]\n]+\]:")
_ATTR_ONLY = re.compile(r"\{:?[ \t]*[^}\n]*\}")
_FN_DEF = re.compile(r"\[\^[^\]\n]+\]:")


_PARSED: "dict[str, Document]" = {}
_PARSED_MAX = 8


def parse_cached(text: str) -> Document:
    """parse(), remembering the last few texts: an Indonesian page's rule SRC051 needs its
    English original's units, and the checker parses that page next (files are checked in
    sorted order, `x.id.md` just before `x.md`). The Document is treated as read-only."""
    doc = _PARSED.get(text)
    if doc is None:
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]
        doc = _PARSED[text] = parse(text)
    return doc


def parse(text: str) -> Document:
    """Parse a page once. Never raises on any text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    meta, body, fm_error = read_front_matter(lines)
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    doc = Document(text, meta, body + 1, [], [], [], [], fm_error, starts)
    if fm_error is not None and fm_error.message == "front matter is never closed":
        return doc
    src = "\n" * body + "\n".join(lines[body:])
    env: dict = {}
    tokens = _parser(_idle_rules(src)).parse(src, env)
    for label, ref in (env.get("references") or {}).items():
        line = ref["map"][0] + 1 if ref.get("map") else 1
        raw = re.search(r"\]:\s*(<[^>\n]*>|\S+)", "\n".join(lines[line - 1:line + 1]))
        doc.references[label] = {"href": raw.group(1) if raw else ref.get("href", ""),
                                 "line": line}
    boxes: list[str] = []
    quote = 0
    item_first: list[bool] = []        # per open list item: its first block not seen yet
    footnote_first: list[bool] = []
    in_thead = False
    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "admonition_open":
            kind = tok.meta.get("tag", "")
            boxes.append(kind)
            ln = tok.map[0]
            doc.boxes.append(Box(kind, tok.content, ln + 1,
                                 len(lines[ln]) - len(lines[ln].lstrip()) + 1, tok.map[1]))
        elif t == "admonition_close":
            boxes.pop()
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t == "list_item_open":
            item_first.append(True)
        elif t == "list_item_close":
            item_first.pop()
        elif t == "footnote_open":
            footnote_first.append(True)
        elif t == "footnote_close":
            footnote_first.pop()
        elif t == "thead_open":
            in_thead = True
        elif t == "thead_close":
            in_thead = False
        elif t in ("fence", "code_block"):
            a, b = tok.map
            closed = True
            fence = ""
            if t == "fence":
                fence = tok.markup
                last = lines[b - 1].strip() if b - 1 > a else ""
                closed = b - 1 > a and last.startswith(fence) and set(last) == {fence[0]}
            doc.code.append(CodeBlock(a + 1, b, len(lines[a]) - len(lines[a].lstrip()) + 1,
                                      fence, closed))
        elif t == "html_block":
            a = tok.map[0]
            doc.html.append(Html(tok.content, a + 1,
                                 len(lines[a]) - len(lines[a].lstrip()) + 1, True))
        elif t in ("paragraph_open", "heading_open", "tr_open", "dt_open"):
            if tok.map is None:
                continue
            a, b = tok.map
            if t == "heading_open":
                kind = "heading"
                if tok.markup in ("=", "-"):         # setext: the underline is not text
                    b -= 1
            elif t == "tr_open":
                kind = "row"
            elif t == "dt_open":
                kind = "term"
            elif footnote_first and footnote_first[-1]:
                kind = "footnote"
            elif item_first and item_first[-1]:
                kind = "item"
            elif quote:
                kind = "quote"
            elif tokens[i - 1].type == "dd_open":
                kind = "definition"
            else:
                kind = "paragraph"
            if item_first:
                item_first[-1] = False
            if footnote_first:
                footnote_first[-1] = False
            block = _block(lines, a, b, kind, boxes[-1] if boxes else "", quote)
            if t == "heading_open":
                block.level = int(tok.tag[1])
            block.header = kind == "row" and in_thead
            if kind in ("paragraph", "definition") and _not_a_unit(block.text):
                continue
            _scan_inline(block, doc)
            doc.blocks.append(block)
    return doc


def _not_a_unit(text: str) -> bool:
    """Python-Markdown lines that are not text: abbreviation definitions (abbr) and a lone
    attribute list (attr_list), which markdown-it would read as a paragraph."""
    rows = [r.strip() for r in text.split("\n") if r.strip()]
    return all(_ABBR_LINE.match(r) for r in rows) or (len(rows) == 1
                                                     and _ATTR_ONLY.fullmatch(rows[0]) is not None)


def _block(lines, a, b, kind, box, quote) -> Block:
    texts, offs = [], []
    for n in range(a, b):
        raw = lines[n]
        s = raw.lstrip(" \t")
        if quote:
            for _ in range(quote):
                if s.startswith(">"):
                    s = s[1:].lstrip(" \t")
        cut = len(raw) - len(s)
        texts.append(s.rstrip())
        offs.append(cut)
    return Block(kind, "\n".join(texts), a + 1, offs, box)


# --------------------------------------------------------------------------- inline scans

_CITE_BLOCK = re.compile(r"\[([^\[\]]*@[^\[\]]*)\](?!\()")
_CITE_PART = re.compile(r"^(?P<pre>[^@]*?)-?@(?P<key>[\w:.-]*[\w])(?P<rest>.*)$", re.S)
_LOCATOR = re.compile(r",[ ]?(?:line (?P<one>\d+)|lines (?P<a>\d+)-(?P<b>\d+))")
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|<![A-Za-z\[][^<>]*>"
                          r"|<\?[^<>]*>", re.S)


def code_spans(text: str) -> list:
    """(start, end) of the code spans of a block's text (CommonMark: a run of n backticks
    opens a span that the next run of exactly n backticks closes; a backslash before the
    opening run escapes it)."""
    spans = []
    i, n = 0, len(text)
    while True:
        i = text.find("`", i)
        if i < 0:
            return spans
        j = i
        while j < n and text[j] == "`":
            j += 1
        run = j - i
        if i > 0 and text[i - 1] == "\\" and (i < 2 or text[i - 2] != "\\"):
            i = j
            continue
        k = j
        while True:
            k = text.find("`", k)
            if k < 0:
                break
            m = k
            while m < n and text[m] == "`":
                m += 1
            if m - k == run:
                spans.append((i, m))
                break
            k = m
        i = (spans[-1][1] if spans and spans[-1][0] == i else j)


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str) -> str:
    """``text`` as spaces, its newlines kept."""
    return _NOT_NEWLINE.sub(" ", text) if "\n" in text else " " * len(text)


def mask(text: str, spans) -> str:
    """``text`` with the given spans replaced by spaces (newlines kept): offsets stay valid."""
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(blank(text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def parse_group(inner: str) -> list:
    """The citations of one group's text (between the brackets)."""
    cites = []
    pos = 0
    for part in inner.split(";"):
        m = _CITE_PART.match(part)
        if m:
            key = m.group("key").rstrip(".:")
            rest = m.group("rest").rstrip()
            extra = m.group("key")[len(key):]
            c = Cite(key, offset=pos + m.start("key") - 1)
            loc = (extra + rest)
            if loc:
                c.locator = loc
                lm = _LOCATOR.fullmatch(loc)
                if lm and lm.group("one"):
                    c.first = c.last = int(lm.group("one"))
                elif lm:
                    c.first, c.last = int(lm.group("a")), int(lm.group("b"))
                else:
                    c.malformed = True
            cites.append(c)
        pos += len(part) + 1
    return cites


def _scan_inline(block: Block, doc: Document) -> None:
    block.code_spans = code_spans(block.text)
    masked = mask(block.text, block.code_spans)
    for m in _CITE_BLOCK.finditer(masked):
        line, col = block.position(m.start())
        block.citations.append(CitationGroup(m.start(), m.end(), line, col, m.group(0),
                                             parse_group(m.group(1)), "\n" in m.group(0)))
    if "<" in masked:
        for m in _INLINE_HTML.finditer(masked):
            line, col = block.position(m.start())
            doc.html.append(Html(m.group(0), line, col, False))


# --------------------------------------------------------------------------- public helpers


def citation_groups(markdown_text: str) -> list:
    """Every citation group of a Markdown text, outside code spans and code blocks, in order.

    Each group has ``.start``/``.end`` (character offsets of the whole ``[...]`` in
    ``markdown_text``), ``.line`` (1-based) and ``.cites`` (objects with ``.key``, ``.first``,
    ``.last``; ``first``/``last`` are None when the citation has no locator)."""
    doc = parse(markdown_text)
    out = []
    for block in doc.blocks:
        for g in block.citations:
            start = doc.offset(g.line, g.col)
            el, ec = block.position(g.end - 1)
            end = doc.offset(el, ec) + 1
            out.append(CitationGroup(start, end, g.line, g.col, markdown_text[start:end],
                                     g.cites, g.multiline))
    out.sort(key=lambda g: g.start)
    return out


def code_regions(markdown_text: str) -> list:
    """(start, end) character offsets of every code block and code span of a Markdown text."""
    doc = parse(markdown_text)
    out = []
    for c in doc.code:
        start = doc.line_starts[c.line - 1]
        end_line = min(c.end_line, len(doc.line_starts))
        end = (doc.line_starts[end_line] - 1 if end_line < len(doc.line_starts)
               else len(doc.text))
        out.append((start, end))
    for block in doc.blocks:
        for a, b in block.code_spans:
            la, ca = block.position(a)
            lb, cb = block.position(b - 1)
            out.append((doc.offset(la, ca), doc.offset(lb, cb) + 1))
    return sorted(out)

"""The line splitter the old checker used (scripts/grounding.py before the rebuild), kept only
as the reference that the one Markdown parse is compared with on the real docs."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

EXEMPT_BOXES = {"exercises", "related", "objectives"}


class Diagnostic:
    def __init__(self, *args):
        self.args = args


# --------------------------------------------------------------------------- Markdown units


@dataclass
class Unit:
    kind: str            # paragraph, item, row, quote, footnote
    text: str            # raw text, lines joined with "\n"
    line: int            # first line (1-based)
    col_offsets: list    # per line: column offset of the text in the file (indentation removed)
    box: str = ""        # enclosing admonition type
    exempt: bool = False

    def position(self, offset: int) -> tuple[int, int]:
        line_idx = self.text.count("\n", 0, offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.line + line_idx, offset - line_start + 1 + self.col_offsets[line_idx]


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_ADMON = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+\"[^\"]*\")?\s*$")
_TAB = re.compile(r"^(\s*)===\+?\s+\".*\"\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Page:
    path: str
    meta: dict
    units: list
    body_start: int
    ok: bool = True


def parse_page(text: str, rel: str, diags: list) -> Page:
    lines = text.split("\n")
    meta: dict = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            diags.append(Diagnostic(rel, 1, 1, "SRC000", "front matter is never closed",
                                    "end the front matter with a line '---'"))
            return Page(rel, {}, [], 0, ok=False)
        try:
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            if not isinstance(meta, dict):
                raise yaml.YAMLError("front matter must be a mapping of keys to values")
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            diags.append(Diagnostic(rel, (mark.line + 2) if mark else 1, 1, "SRC000",
                                    f"front matter is not valid YAML: {getattr(e, 'problem', e)}",
                                    "front matter is 'key: value' lines between two '---' lines"))
            return Page(rel, {}, [], end + 1, ok=False)
        start = end + 1
    units: list[Unit] = []
    ok = _parse_blocks(lines, start, len(lines), 0, "", units, rel, diags)
    return Page(rel, meta, units, start, ok)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parse_blocks(lines, start, end, indent, box, units, rel, diags) -> bool:
    i = start
    ok = True
    cur: list = []          # (line_no, text, col_offset)
    cur_kind = ""

    def flush():
        nonlocal cur, cur_kind
        if cur:
            text = "\n".join(t for _, t, _ in cur)
            if text.strip():
                units.append(Unit(cur_kind or "paragraph", text, cur[0][0] + 1,
                                  [c for _, _, c in cur], box, box in EXEMPT_BOXES))
        cur, cur_kind = [], ""

    in_comment = False
    while i < end:
        raw = lines[i]
        line = raw[indent:] if _indent(raw) >= indent else raw.lstrip(" ")
        stripped = line.strip()
        if in_comment:
            if "-->" in line:
                in_comment = False
            i += 1
            continue
        if stripped.startswith("<!--"):
            flush()
            if "-->" not in stripped:
                in_comment = True
            i += 1
            continue
        fm = _FENCE.match(line)
        if fm:
            flush()
            fence = fm.group(2)
            j = i + 1
            while j < end and not lines[j].strip().startswith(fence[0] * len(fence)):
                j += 1
            if j >= end:
                diags.append(Diagnostic(rel, i + 1, _indent(raw) + 1, "SRC000",
                                        f"code fence {fence} is never closed",
                                        f"close it with a line {fence}; everything after it is "
                                        "otherwise treated as code"))
                return False
            i = j + 1
            continue
        am = _ADMON.match(line) or _TAB.match(line)
        if am:
            flush()
            kind = am.group(2) if am.re is _ADMON else box
            j = i + 1
            while j < end and (not lines[j].strip() or _indent(lines[j]) >= indent + 4):
                j += 1
            ok = _parse_blocks(lines, i + 1, j, indent + 4, kind, units, rel, diags) and ok
            i = j
            continue
        if not stripped:
            flush()
            i += 1
            continue
        if _HEADING.match(line) or stripped.startswith("*[") or re.fullmatch(r"\{:?[^}]*\}", stripped) \
                or re.fullmatch(r"</?[a-zA-Z][^>]*>", stripped) or stripped in ("---", "***"):
            flush()
            i += 1
            continue
        col = len(raw) - len(raw.lstrip(" "))
        if stripped.startswith("|"):
            flush()
            # header row: skip it and the separator
            if i + 1 < end and _TABLE_SEP.match(lines[i + 1]):
                i += 2
                continue
            if _TABLE_SEP.match(line):
                i += 1
                continue
            cur, cur_kind = [(i, stripped, col)], "row"
            flush()
            i += 1
            continue
        if stripped.startswith(">"):
            if cur_kind != "quote":
                flush()
                cur_kind = "quote"
            cur.append((i, stripped.lstrip(">").strip(), col))
            i += 1
            continue
        if _ITEM.match(line):
            flush()
            cur_kind = "item"
            cur.append((i, stripped, col))
            i += 1
            continue
        if stripped.startswith("[^") and "]:" in stripped:
            flush()
            cur_kind = "footnote"
        elif cur_kind == "quote":
            flush()
        cur.append((i, stripped, col))
        i += 1
    flush()
    return ok



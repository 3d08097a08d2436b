#!/usr/bin/env python3
"""Create a new chapter from the template and add it to the navigation.

Usage (from the repository root):
    python scripts/new_chapter.py SLUG "Title of the chapter"

    .venv/bin/python scripts/new_chapter.py trafficking-at-sea "Trafficking at sea"

This writes docs/chapters/SLUG.md (front matter, a first section and the required boxes, as
declared in scripts/data/chapter_format.yml, with TODO placeholders to replace) and adds a line "- chapters/SLUG.md" at the end of the Chapters
section of the navigation in mkdocs.yml. It never overwrites an existing chapter and changes
nothing when it stops with an error.

Exit status: 0 on success, 1 when the chapter cannot be created, 2 on a usage error.
The chapter structure is explained in CONTRIBUTING.md ("How a chapter is structured").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PLACEHOLDER = "TODO"        # every placeholder the template writes starts with this word

FORMAT = ROOT / "scripts" / "data" / "chapter_format.yml"   # the chapter format, declared once

GUIDANCE = """\
<!-- How to write this chapter: see CONTRIBUTING.md. Replace every TODO. Every paragraph,
     list item, table row and box body that states a fact ends with its citation, written as
     the citation key after an @ inside square brackets; list each key you cite under
     'sources:' in the front matter. Run 'make check' to see what is still missing.
     Add sections with '## Heading' lines. Delete this comment when you are done. -->

TODO: the opening paragraph. Say what the chapter covers and why it matters to practitioners, citing the papers it draws on.

## TODO: the heading of the first section
"""


def chapter_text(title: str) -> str:
    """The new chapter, written from scripts/data/chapter_format.yml (the checker reads the
    same declaration: front-matter keys, the required boxes, at least one '##' section)."""
    import yaml
    fmt = yaml.safe_load(FORMAT.read_text(encoding="utf-8"))
    lines = ["---"]
    for key, value in fmt["front_matter"].items():
        if key == "title":
            lines.append(f"title: {yaml_string(title)}")
        elif isinstance(value, list) and value:
            lines.append(f"{key}:")
            lines += [f"  - {yaml_string(v)}" for v in value]
        elif isinstance(value, list):
            lines.append(f"{key}: []")
        else:
            lines.append(f"{key}: {yaml_string(str(value))}")
    lines += ["---", "", GUIDANCE.rstrip("\n")]
    for kind, spec in fmt["boxes"].items():
        if (spec or {}).get("required"):
            lines += ["", f'!!! {kind} "{spec["title"]}"', "", f'    {spec["template"]}']
    return "\n".join(lines) + "\n"


class Refusal(Exception):
    """The chapter cannot be created; the message says why and what to do."""


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def add_to_nav(config: str, slug: str) -> str:
    """mkdocs.yml with '- chapters/SLUG.md' appended to the Chapters section of the nav.

    Edits the text line by line (the file holds !ENV tags, so it is never re-dumped)."""
    lines = config.split("\n")
    try:
        nav = next(i for i, line in enumerate(lines) if re.fullmatch(r"nav:\s*", line))
    except StopIteration:
        raise Refusal("mkdocs.yml has no 'nav:' section") from None
    head = None
    for i in range(nav + 1, len(lines)):
        if lines[i].strip() and not lines[i][0].isspace():
            break                                    # the next top-level key ends the nav
        if re.fullmatch(r"\s*-\s+Chapters:\s*", lines[i]):
            head = i
            break
    if head is None:
        raise Refusal("mkdocs.yml: the nav has no '- Chapters:' section to add the chapter to")
    head_indent = len(lines[head]) - len(lines[head].lstrip())
    last, item_indent = head, None
    for i in range(head + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent <= head_indent:
            break
        if item_indent is None:
            item_indent = indent
        last = i
        if re.search(rf"(?<![\w/-])chapters/{re.escape(slug)}\.md\b", line):
            raise Refusal(f"mkdocs.yml already lists chapters/{slug}.md in the navigation")
    if item_indent is None:
        item_indent = head_indent + 4
    lines.insert(last + 1, " " * item_indent + f"- chapters/{slug}.md")
    return "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create(root: Path, slug: str, title: str) -> Path:
    """Create docs/chapters/SLUG.md and register it; raise Refusal (changing nothing) on error."""
    if not SLUG.fullmatch(slug):
        raise Refusal(f"'{slug}' is not a valid slug: use lower-case letters, digits and single "
                      "hyphens, e.g. trafficking-at-sea (it becomes the file name and the URL)")
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise Refusal("the title must be one non-empty line, e.g. \"Trafficking at sea\"")
    chapters = root / "docs" / "chapters"
    config_path = root / "mkdocs.yml"
    if not chapters.is_dir() or not config_path.is_file():
        raise Refusal(f"{root} does not look like the primer's repository (no docs/chapters/ "
                      "or mkdocs.yml)")
    path = chapters / f"{slug}.md"
    if path.exists():
        raise Refusal(f"docs/chapters/{slug}.md already exists; it was not changed. Choose "
                      "another slug, or edit that file")
    new_config = add_to_nav(config_path.read_text(encoding="utf-8"), slug)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:   # "x": never overwrite
            f.write(chapter_text(title))
    except FileExistsError:
        raise Refusal(f"docs/chapters/{slug}.md already exists; it was not changed") from None
    try:
        write_atomically(config_path, new_config)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Create docs/chapters/SLUG.md from the chapter template and add it to the "
                    "Chapters section of the navigation in mkdocs.yml.")
    ap.add_argument("slug", help="file name without .md: lower-case words joined by hyphens, "
                                 "e.g. trafficking-at-sea")
    ap.add_argument("title", help="the chapter's title, in quotes, e.g. \"Trafficking at sea\"")
    ap.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    try:
        path = create(Path(args.root), args.slug, args.title)
    except Refusal as e:
        print(f"new_chapter: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"new_chapter: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    rel = path.relative_to(Path(args.root)).as_posix()
    print(f"Created {rel} and added it to the navigation (mkdocs.yml, under Chapters).\n"
          f"Next: fill in the front matter, replace every {PLACEHOLDER}, then run 'make check'.\n"
          "Until the chapter is finished the checker lists what is still missing; "
          "CONTRIBUTING.md explains each message.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

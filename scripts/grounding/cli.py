"""Command line: ``python scripts/check_sources.py [FILES] [--select IDS] [--ignore IDS]``."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .api import run, skipped_note
from .diagnostics import Diagnostic
from .report import report_markdown, summary, to_json
from .rules import REGISTRY, Selection

USAGE = """\
Check that the primer's pages are built from the source papers.

Usage (from the repository root):
    python scripts/check_sources.py                 # check docs/
    python scripts/check_sources.py docs/chapters/policing.md
    python scripts/check_sources.py --select SRC003 # run one rule (or a prefix: SRC00)
    python scripts/check_sources.py --ignore SRC006
    python scripts/check_sources.py --format json   # diagnostics and report as JSON
    python scripts/check_sources.py --report        # also print the provenance report
    python scripts/check_sources.py --list-rules    # every rule id and what it checks

Exit status: 0 when clean, 1 when any error was found, 2 on a usage error.
Rules and fixes are explained in CONTRIBUTING.md ("The checker's rules"; also rendered in the
site as docs/contributing.md). Under GitHub Actions (GITHUB_ACTIONS=true) every problem is also
printed as an annotation, "::error file=...,line=...,col=...,title=...::message", which GitHub
shows on the changed line of a pull request.
"""


def _ids(values) -> tuple:
    return tuple(v.strip().upper() for vs in (values or []) for v in vs.split(",") if v.strip())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=USAGE.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="Markdown files or folders (default: docs/)")
    ap.add_argument("--root", default=".", help="repository root (default: current folder)")
    ap.add_argument("--format", choices=["text", "json"], default="text")
    ap.add_argument("--report", action="store_true", help="print the provenance report")
    ap.add_argument("--select", action="append", metavar="IDS",
                    help="run only these rules (comma-separated ids or prefixes)")
    ap.add_argument("--ignore", action="append", metavar="IDS",
                    help="do not run these rules (comma-separated ids or prefixes)")
    ap.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    args = ap.parse_args(argv)
    if args.list_rules:
        for r in sorted(REGISTRY.values(), key=lambda r: r.id):
            print(f"{r.id}  {r.granularity:<6}  {r.title}")
        return 0
    selection = Selection(_ids(args.select), _ids(args.ignore))
    if selection.unknown():
        print(f"check_sources: unknown rule id(s): {', '.join(selection.unknown())} "
              "(see --list-rules)", file=sys.stderr)
        return 2
    root = Path(args.root)
    if not (root / "bibliography.bib").exists() and not (root / "mkdocs.yml").exists():
        print(f"check_sources: {root.resolve()} does not look like the primer's repository "
              "(no bibliography.bib or mkdocs.yml); run from the repository root or pass --root",
              file=sys.stderr)
        return 2
    paths = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in args.paths] \
        or [root / "docs"]
    missing = [p for p in paths if not p.exists()]
    diags, report, checker = run(root, [p for p in paths if p.exists()], selection)
    for p in missing:
        diags.append(Diagnostic(str(p), 1, 1, "SRC000", "file not found", "check the path"))
    errors = [d for d in diags if d.severity == "error"]
    note = skipped_note(checker)
    if args.format == "json":
        print(to_json(diags, report))
    else:
        for d in diags:
            print(d.format())
        if note:
            print(note)
        if args.report:
            print()
            print(report_markdown(report, checker.corpus))
        print(summary(report, len(errors)), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for d in diags:
            print(d.github())
    return 1 if errors else 0

#!/usr/bin/env python3
"""Check that the primer's pages are built from the source papers.

Usage (from the repository root):
    python scripts/check_sources.py                 # check docs/
    python scripts/check_sources.py docs/chapters/policing.md
    python scripts/check_sources.py --format json   # diagnostics and report as JSON
    python scripts/check_sources.py --report        # also print the provenance report

Exit status: 0 when clean, 1 when any error was found, 2 on a usage error.
Rules and fixes are explained in CONTRIBUTING.md ("The checker's rules"; also rendered in the
site as docs/contributing.md). Under GitHub Actions (GITHUB_ACTIONS=true) every problem is also
printed as an annotation, "::error file=...,line=...,col=...,title=...::message", which GitHub
shows on the changed line of a pull request.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grounding  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="Markdown files or folders (default: docs/)")
    ap.add_argument("--root", default=".", help="repository root (default: current folder)")
    ap.add_argument("--format", choices=["text", "json"], default="text")
    ap.add_argument("--report", action="store_true", help="print the provenance report")
    args = ap.parse_args(argv)
    root = Path(args.root)
    if not (root / "bibliography.bib").exists() and not (root / "mkdocs.yml").exists():
        print(f"check_sources: {root.resolve()} does not look like the primer's repository "
              "(no bibliography.bib or mkdocs.yml); run from the repository root or pass --root",
              file=sys.stderr)
        return 2
    paths = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in args.paths] \
        or [root / "docs"]
    missing = [p for p in paths if not p.exists()]
    diags, report, checker = grounding.run(root, [p for p in paths if p.exists()])
    for p in missing:
        diags.append(grounding.Diagnostic(str(p), 1, 1, "SRC000", "file not found",
                                          "check the path"))
    errors = [d for d in diags if d.severity == "error"]
    if args.format == "json":
        print(grounding.to_json(diags, report))
    else:
        for d in diags:
            print(d.format())
        if args.report:
            print()
            print(grounding.report_markdown(report, checker.corpus))
        pages = [p for p in report["pages"].values() if not p["meta"]]
        print(f"check_sources: {len(report['pages'])} page(s), "
              f"{sum(p['units'] for p in pages)} units, {sum(p['cited'] for p in pages)} cited, "
              f"{sum(p['numbers'] for p in pages)} numbers, {sum(p['names'] for p in pages)} names, "
              f"{sum(p['quotes'] for p in pages)} quotations checked; "
              f"{len(errors)} error(s)", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for d in diags:
            print(d.github())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

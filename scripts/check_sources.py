#!/usr/bin/env python3
"""Check that the primer's pages are built from the source papers.

Usage (from the repository root):
    python scripts/check_sources.py                 # check docs/
    python scripts/check_sources.py docs/chapters/policing.md
    python scripts/check_sources.py --select SRC003 # run one rule (or a prefix: SRC00)
    python scripts/check_sources.py --format json   # diagnostics and report as JSON
    python scripts/check_sources.py --report        # also print the provenance report
    python scripts/check_sources.py --list-rules    # every rule id and what it checks

Exit status: 0 when clean, 1 when any error was found, 2 on a usage error.
The checker is the package scripts/grounding/ (see its __init__.py); the rules and their fixes
are explained in CONTRIBUTING.md ("The checker's rules").
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grounding.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

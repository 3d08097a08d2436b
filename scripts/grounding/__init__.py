"""Grounding checker: verifies that the primer's pages are built from the source papers.

Used by ``scripts/check_sources.py`` (command line) and ``scripts/mkdocs_hooks.py`` (during
``mkdocs build``/``serve``). Layout:

- ``markdown``    the one Markdown parse (markdown-it-py), also used by the MkDocs hooks
- ``corpus``      bibliography, checksummed source texts, alias table, indexed once
- ``rules/``      the rule registry: one rule = one id, documented where it is declared
- ``checker``     the engine: parse once, derive each unit's facts once, run the selected rules
- ``report``      statistics (from the parse and the results) and the provenance report
- ``diagnostics`` ``file:line:col: RULE message (hint: ...)``, JSON, GitHub annotations
- ``cli``         the command line; ``docs`` generates the rule sections of CONTRIBUTING.md
"""
from __future__ import annotations

from .api import run, skipped_note
from .bibtex import parse_bibtex
from .checker import Checker, expand_paths
from .corpus import Corpus, Source
from .diagnostics import Diagnostic
from .markdown import citation_groups, code_regions, parse
from .report import report_markdown, to_json
from .rules import REGISTRY, Selection
from .text import canonical, number_readings

RULES = {r.id: r.title for r in REGISTRY.values()}

__all__ = ["Checker", "Corpus", "Diagnostic", "REGISTRY", "RULES", "Selection", "Source",
           "canonical", "citation_groups", "code_regions", "expand_paths", "number_readings",
           "parse", "parse_bibtex", "report_markdown", "run", "skipped_note", "to_json"]

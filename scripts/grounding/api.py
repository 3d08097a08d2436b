"""The package's entry points: run the checker, format its results."""
from __future__ import annotations

from pathlib import Path

from .checker import Checker
from .rules import ALL, Selection


def run(root: Path, paths, selection: Selection = ALL, passages: bool = True):
    """Check `paths` (files or folders) of the repository at `root`.

    Returns (diagnostics, report, checker); diagnostics are sorted by file, line and column
    (corpus problems first)."""
    checker = Checker(Path(root), selection=selection, passages=passages)
    diags = checker.check_paths(paths)
    corpus = [d for d in diags if d in checker.corpus.diagnostics]
    pages = sorted((d for d in diags if d not in corpus),
                   key=lambda d: (d.path, d.line, d.col, d.rule))
    return corpus + pages, checker.report(), checker


def skipped_note(checker) -> str:
    """One line saying how many checks were skipped because of a root problem, or ""."""
    c = checker.corpus
    roots = [d for d in ([c.bib_broken, c.aliases_broken] + list(c.broken.values())) if d]
    if not checker.skipped or not roots:
        return ""
    where = ", ".join(dict.fromkeys(f"{d.path}:{d.line}" for d in roots))
    return (f"check_sources: {checker.skipped} dependent check(s) skipped because of the "
            f"problem(s) at {where}; fix that first and run the checker again")

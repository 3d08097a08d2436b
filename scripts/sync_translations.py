#!/usr/bin/env python3
"""Record that Indonesian pages are up to date with their English originals (rule SRC052).

    python scripts/sync_translations.py docs/chapters/definitions.id.md [more pages...]
    python scripts/sync_translations.py --all      # every docs/**/*.id.md that is in step

For each page, writes to scripts/data/translations.yml the hash of every unit of the English
original as it is now. Run it after translating a page, or after updating the translation of
the units the checker reported as stale, and never instead of updating them: the record says
"the translation says what this English text says". A page whose units or citations differ
from its original (SRC051) is not recorded: fix that first. A page about the project
(`grounding: meta`) is recorded as a whole, one hash of its English original's text, unless its
front matter says `translation: adapted` (an adaptation, not tracked).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from grounding import markdown as md  # noqa: E402
from grounding.rules import editions  # noqa: E402

HEADER = """\
# Which English text each Indonesian page translates (grounding rule SRC052).
# Per page: the original, and a hash of each of its units (text and citations) as translated;
# for a page about the project (grounding: meta), one hash of the whole English page.
# Written by scripts/sync_translations.py; do not edit by hand.
"""


def _english_text(root: Path, rel: str, as_committed: bool) -> str | None:
    """The English original of `rel`: as it is now, or (`as_committed`) as it was in the last
    commit that changed the translation."""
    if not as_committed:
        return editions.english_text(root, rel)
    import subprocess
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", rel], cwd=root,
                            capture_output=True, text=True).stdout.strip()
    if not commit:
        return None
    shown = subprocess.run(["git", "show", f"{commit}:{editions.original_of(rel)}"], cwd=root,
                           capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def record(root: Path, rels: list[str], as_committed: bool = False) -> int:
    import yaml
    lock = editions.load_lock(root)
    bad = 0
    for rel in rels:
        ours = md.parse((root / rel).read_text(encoding="utf-8"))
        meta = str(ours.meta.get("grounding", "")).strip().lower() == "meta"
        if meta and str(ours.meta.get("translation", "")).strip().lower() == editions.ADAPTED:
            print(f"{rel}: an adaptation (translation: {editions.ADAPTED}); not tracked")
            lock.pop(rel, None)
            continue
        text = _english_text(root, rel, as_committed)
        if text is None:
            print(f"{rel}: no English original {editions.original_of(rel)}", file=sys.stderr)
            bad += 1
            continue
        if meta:                # a page about the project: tracked as a whole (rules/editions.py)
            lock[rel] = {"original": editions.original_of(rel), "page": editions.page_hash(text)}
            print(f"{rel}: recorded the page")
            continue
        en = md.parse(text).units
        if [editions.signature(b) for b in en] != [editions.signature(b) for b in ours.units]:
            print(f"{rel}: units or citations differ from the original (see SRC051); "
                  "not recorded", file=sys.stderr)
            bad += 1
            continue
        lock[rel] = {"original": editions.original_of(rel),
                     "units": [editions.unit_hash(b) for b in en]}
        print(f"{rel}: recorded {len(en)} unit(s)")
    out = root / editions.LOCK
    out.write_text(HEADER + yaml.safe_dump(dict(sorted(lock.items())), sort_keys=False,
                                           default_flow_style=None, width=100,
                                           allow_unicode=True), encoding="utf-8")
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--as-committed", action="store_true",
                    help="record the English original as it was in the last commit that "
                         "changed each translation (so that later English edits show as stale)")
    args = ap.parse_args(argv)
    root = Path(args.root)
    rels = [str(Path(p).resolve().relative_to(root.resolve())) for p in args.pages]
    if args.all:
        for p in sorted((root / "docs").rglob("*.id.md")):
            rels.append(str(p.relative_to(root)))           # meta pages as a whole
    return record(root, rels, args.as_committed)


if __name__ == "__main__":
    sys.exit(main())

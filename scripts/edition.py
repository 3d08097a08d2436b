"""The edition stamp shared by the site (scripts/mkdocs_hooks.py, overrides/main.html), the print
edition (scripts/pdf/: cover, imprint, page footers, PDF dates) and so the offline bundle (the
same site pages), so a printed copy can be matched to the online edition.

- version: the release tag when HEAD is tagged (`git describe --tags --exact-match`), else the
  short commit id, else "unversioned" (no git);
- "+ uncommitted changes" when what the editions are built from (INPUTS) differs from that
  commit (`git status --porcelain`: modified, staged, deleted or new files; ignored build
  outputs such as site/, dist/ and tmp/ do not count);
- date and time from SOURCE_DATE_EPOCH, or else from the last commit.

    python scripts/edition.py                 print the stamp
    python scripts/edition.py --write FILE    write it to FILE only if it changed (`make pdf`
                                              rebuilds an edition when the file is newer)
"""
from __future__ import annotations

import datetime as _dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the site and the editions are built from (the Makefile's EDITION_INPUTS).
INPUTS = ["docs", "scripts", "overrides", "sources", "mkdocs.yml", "bibliography.bib",
          "CONTRIBUTING.md", "requirements.txt"]
DIRTY_MARK = "+ uncommitted changes"


def _git(*args: str) -> str:
    try:
        # --no-optional-locks: `git status` must not take the index lock of a checkout in use
        return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def edition() -> dict:
    """{version, tag, sha, dirty, commit, date, label, epoch, built, iso}.

    `commit` is what the stamp shows as the version: the tag or short commit id, followed by
    " + uncommitted changes" when dirty; label is "Edition DATE (VERSION)" with the same mark. epoch is None (and dates empty or "unknown date")
    when neither SOURCE_DATE_EPOCH nor git gives one."""
    try:
        epoch: int | None = int(os.environ.get("SOURCE_DATE_EPOCH") or _git("log", "-1", "--format=%ct"))
    except ValueError:
        epoch = None
    when = _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc) if epoch is not None else None
    date = when.date().isoformat() if when else "unknown date"
    sha = _git("rev-parse", "--short", "HEAD")
    tag = _git("describe", "--tags", "--exact-match", "HEAD") if sha else ""
    dirty = bool(sha) and bool(_git("status", "--porcelain", "--", *INPUTS))
    version = tag or sha or "unversioned"
    commit = f"{version} {DIRTY_MARK}" if dirty else version
    return {"version": version, "tag": tag, "sha": sha, "dirty": dirty, "commit": commit,
            "date": date, "label": f"Edition {date} ({version})" + (f" {DIRTY_MARK}" if dirty else ""),
            "epoch": epoch, "built": when.strftime("%Y-%m-%d %H:%M UTC") if when else date,
            "iso": when.isoformat() if when else ""}


def main(argv: list[str]) -> int:
    ed = edition()
    text = f"{ed['label']}\nbuilt {ed['built']}\n"
    if len(argv) == 3 and argv[1] == "--write":
        target = Path(argv[2])
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return 0
    if len(argv) != 1:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The edition stamp shared by the site (scripts/mkdocs_hooks.py) and the print edition
(scripts/pdf/): date and time from SOURCE_DATE_EPOCH, or else from the last commit, and the
short commit id, so a printed copy can be matched to the online edition."""
from __future__ import annotations

import datetime as _dt
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def edition() -> dict:
    """{date, commit, label, epoch, built, iso}; epoch is None (and dates empty or
    "unknown date") when neither SOURCE_DATE_EPOCH nor git gives one."""
    try:
        epoch: int | None = int(os.environ.get("SOURCE_DATE_EPOCH") or _git("log", "-1", "--format=%ct"))
    except ValueError:
        epoch = None
    when = _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc) if epoch is not None else None
    date = when.date().isoformat() if when else "unknown date"
    commit = _git("rev-parse", "--short", "HEAD") or "unversioned"
    return {"date": date, "commit": commit, "label": f"Edition {date} ({commit})",
            "epoch": epoch, "built": when.strftime("%Y-%m-%d %H:%M UTC") if when else date,
            "iso": when.isoformat() if when else ""}

"""The chapter format (scripts/data/chapter_format.yml), read once."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FORMAT_PATH = Path(__file__).resolve().parent.parent / "data" / "chapter_format.yml"


@lru_cache(maxsize=4)
def chapter_format(path: Path = FORMAT_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def exempt_boxes() -> set:
    return {k for k, v in chapter_format()["boxes"].items() if (v or {}).get("exempt")}


def known_boxes() -> set:
    return set(chapter_format()["boxes"])


def required_boxes() -> list:
    return [k for k, v in chapter_format()["boxes"].items() if (v or {}).get("required")]

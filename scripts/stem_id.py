"""Indonesian search at build time (PySastrawi 1.2.1), for the index of /id/.

lunr (Material's search) has no Indonesian stemmer, and its English one does nothing useful
for Indonesian affixes: "diperdagangkan" would not find a page that says "perdagangan". Instead
of stemming in the browser (which would need a script the offline edition cannot load as a
worker from file://), each Indonesian index entry gets, after its text, the other affixed forms
of its words: every word of the primer's Indonesian pages and of the five source texts is
stemmed with Sastrawi ("diperdagangkan", "perdagangan", "memperdagangkan" -> "dagang"), and an
entry that contains one form of a stem is also indexed under the stem and every other form of
it found in that vocabulary. The query is left as typed, so it works the same online and from
file://. The added words sit in a hidden element (never shown in result previews).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[a-z]{4,}")
MIN_STEM = 5
TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    return StemmerFactory().create_stemmer()


def stem(word: str) -> str:
    return _stem(word.lower())


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def families() -> dict[str, frozenset[str]]:
    """stem -> every form of it in the Indonesian pages and the source texts."""
    words: set[str] = set()
    paths = list((ROOT / "docs").rglob("*.id.md")) + list((ROOT / "sources").glob("*.txt"))
    for path in paths:
        words |= set(WORD.findall(path.read_text(encoding="utf-8", errors="replace").lower()))
    out: dict[str, set[str]] = {}
    for w in words:
        out.setdefault(_stem(w), set()).add(w)
    return {s: frozenset(forms | {s}) for s, forms in out.items()}


def expansions(text: str) -> list[str]:
    """The stems and sibling forms of the words in `text` that `text` does not contain."""
    fam = families()
    present = set(WORD.findall(TAG.sub(" ", text).lower()))
    extra: set[str] = set()
    for w in present:
        s = _stem(w)
        # content words only: short stems ("sama", "asi") would add noise, not recall
        if len(w) < 5 or len(s) < MIN_STEM:
            continue
        extra |= fam.get(s, frozenset({s}))
    return sorted(w for w in extra - present if len(w) >= MIN_STEM)


def extend_entry(entry: dict) -> dict:
    extra = expansions(entry.get("title", "") + " " + entry.get("text", ""))
    if not extra:
        return entry
    return dict(entry, text=entry.get("text", "") +
                f' <span class="search-stems" hidden>{" ".join(extra)}</span>')

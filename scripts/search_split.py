"""One search index per edition (called by scripts/hooks/i18n.py after both builds).

mkdocs-static-i18n leaves one merged site/search/search_index.json. This writes:
- site/search/search_index.json: the English entries only;
- site/<lang>/search/search_index.json: that edition's entries, locations relative to /<lang>/,
  with the same `config` (separator, pipeline) and, for Indonesian, each entry's text extended
  with the stems of its words (scripts/stem_id.py), so that lunr finds "diperdagangkan" in a
  page that says "perdagangan";
- the matching search_index.js (`var __index = ...`) wherever the offline plugin made one, so
  that search also works from file://.
overrides/main.html points the pages of /<lang>/ at their own index (Material's `base`), and
the sitemap.xml that Material also reads from `base` is copied beside it.
"""
from __future__ import annotations

import json
from pathlib import Path


def _write(folder: Path, index: dict, as_script: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if as_script:
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def split(site: Path, languages: list[str]) -> None:
    # Material also reads sitemap.xml from `base`: the one (multilingual) sitemap is copied.
    for lang in languages:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).is_file() and (site / lang).is_dir():
                (site / lang / name).write_bytes((site / name).read_bytes())
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    as_script = (site / "search" / "search_index.js").is_file()
    docs = index.get("docs", [])
    prefixes = tuple(f"{lang}/" for lang in languages)
    english = [d for d in docs if not d["location"].startswith(prefixes)]
    _write(site / "search", {**index, "docs": english}, as_script)
    for lang in languages:
        own = []
        for d in docs:
            if d["location"].startswith(f"{lang}/"):
                entry = dict(d, location=d["location"][len(lang) + 1:])
                if lang == "id":
                    import stem_id
                    entry = stem_id.extend_entry(entry)
                own.append(entry)
        # no English stop words or stemmer on Indonesian text (Material's own Indonesian
        # setting is an empty pipeline too)
        conf = {**index.get("config", {}), "pipeline": []}
        _write(site / lang / "search", {**index, "config": conf, "docs": own}, as_script)

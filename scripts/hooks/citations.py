"""Citations and evidence: every `[@key, lines a-b]` becomes a readable author-date citation
whose locator links to the cited lines of the source text, shown on a page of the site.

Why the project renders in-text citations itself instead of leaving them to mkdocs-bibtex:
mkdocs-bibtex 4.4.0 prints the locator as "n.d., Lines 120–128" and appends one footnote per
*source* (not per citation), so a sentence ended in "(…, n.d.)² ¹ ³" and nothing pointed at the
passage. Here a citation reads aloud as "(Pradityo et al., 2021, lines 151–153)": the author-date
label links to the References entry, the locator links to the passage (highlighted), and hovering
or tapping the locator previews the Indonesian lines without leaving the page
(docs/assets/javascripts/citations.js). The labels and the full references are still formatted
by mkdocs-bibtex's registry (pandoc + the APA CSL), so style and bibliography stay in one place.

Generated files (nothing is written to docs/):
- source-texts/<key>.md: each source with line numbers, one anchor per line (#L120), a note on
  the text's rights and extraction quality; personal data masked (scripts/data/redactions.yml);
  left out of the search index and of the PDF.
- assets/passages/<key>.js: the same lines as a script the preview loads on demand; a script
  (not JSON fetched with XHR) so that the preview also works from file:// in the offline edition.
"""
from __future__ import annotations

import html
import json
import logging
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

SCRIPTS = Path(__file__).resolve().parents[1]
ROOT = SCRIPTS.parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
from grounding.markdown import citation_groups  # noqa: E402  (the checker's one parse)
import i18n_text  # noqa: E402  (which edition is being built; its strings)

log = logging.getLogger("mkdocs.hooks.citations")
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                        undefined=StrictUndefined, keep_trailing_newline=True,
                        autoescape=False)
SOURCE_DIR = "source-texts"
PASSAGE_DIR = "assets/passages"
REDACTIONS = SCRIPTS / "data" / "redactions.yml"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Source:
    key: str
    label: str            # "Pradityo et al., 2021" (Markdown: may contain *…*)
    reference: str        # the full APA reference, Markdown
    lines: list[str]      # the text, personal data masked

    @property
    def page(self) -> str:
        return f"{SOURCE_DIR}/{self.key}.md"


_sources: dict[str, Source] = {}


def label(key: str) -> str | None:
    """The author-date label of a source in the edition being built ("Pradityo dkk., 2021"),
    as the in-text citations print it; for other hooks (the chapter header)."""
    src = _sources.get(key)
    return src.label if src else None
_lang = {"now": "en", "use_directory_urls": True}


# --------------------------------------------------------------------------- the sources


def _redact(key: str, lines: list[str]) -> list[str]:
    """Mask e-mail addresses and the names listed in scripts/data/redactions.yml."""
    rules = (yaml.safe_load(REDACTIONS.read_text(encoding="utf-8")) or {}).get(key, [])
    out = []
    for line in lines:
        line = _EMAIL.sub("[e-mail address removed]", line)
        for rule in rules:
            line = line.replace(rule["text"], rule["replacement"])
        out.append(line)
    return out


EDITION_FIELDS = ("title", "shorttitle", "note")


def _edition_fields(registry, lang: str) -> None:
    """The Indonesian edition formats its labels and references from bibliography.bib's
    `title-id`, `shorttitle-id` and `note-id` where an entry has them (the editors' bracketed
    descriptions of untitled papers and the notes on their metadata, in Indonesian). Each
    edition gets a registry of its own (scripts/hooks/i18n.py), so the English one is never
    touched; anything pandoc already formatted from the old fields is dropped."""
    if lang == i18n_text.DEFAULT:
        return
    changed = False
    for entry in registry.bib_data.entries.values():
        for name in EDITION_FIELDS:
            value = entry.fields.get(f"{name}-{lang}")
            if value and entry.fields.get(name) != value:
                entry.fields[name] = value
                changed = True
    if changed:
        for cache in ("_inline_cache", "_reference_cache"):
            getattr(registry, cache, {}).clear()


def _load_sources(config) -> dict[str, Source]:
    from mkdocs_bibtex.citation import Citation, CitationBlock
    plugin = config.plugins.get("bibtex")
    registry = plugin.registry
    entries = registry.bib_data.entries
    _edition_fields(registry, _lang["now"])
    blocks = [CitationBlock([Citation(key)]) for key in entries]
    registry.validate_citation_blocks(blocks)          # one pandoc run for all labels
    sources = {}
    for key, block in zip(entries, blocks):
        inline = registry._inline_cache.get(str(block), key)   # "(Pradityo et al., 2021)"
        label = inline.strip()[1:-1] if inline.strip().startswith("(") else inline
        path = ROOT / entries[key].fields.get("file", f"sources/{key}.txt")
        if not path.is_file():
            continue            # the checker reports a missing corpus file at its root
        text = path.read_text(encoding="utf-8")
        sources[key] = Source(key, label, registry.reference_text(Citation(key)),
                              _redact(key, text.split("\n")))
    return sources


# --------------------------------------------------------------------------- files


def _cited_ranges(config) -> dict[str, dict[int, set[str]]]:
    """Every multi-line locator used in docs/ (both editions), by key and first line: each
    gets an anchor of its own on the source-text page (#L120-128), so the link scrolls there
    even without JS."""
    ranges: dict[str, dict[int, set[str]]] = {}
    for path in sorted(Path(config.docs_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for group in citation_groups(text):
            for c in group.cites:
                if c.first is not None and c.last not in (None, c.first):
                    ranges.setdefault(c.key, {}).setdefault(c.first, set()).add(
                        f"L{c.first}-{c.last}")
    return ranges


# After mkdocs-static-i18n (-100), which only knows files read from docs/. The source texts are
# Indonesian and shared by both editions: they are generated once, in the English build (at
# /source-texts/), and the Indonesian pages link there (see render_group).
@event_priority(-110)
def on_files(files, config, **kwargs):
    global _sources
    _lang["now"] = i18n_text.language(config)
    _lang["use_directory_urls"] = config.use_directory_urls
    _sources = _load_sources(config)
    if _lang["now"] != i18n_text.DEFAULT:
        return files
    ranges = _cited_ranges(config)
    page_tpl = TEMPLATES.get_template("source_text.md.j2")
    for src in _sources.values():
        starts = ranges.get(src.key, {})
        rows = [(n, html.escape(t).replace("@", "&#64;"), sorted(starts.get(n, ())))
                for n, t in enumerate(src.lines, 1)]
        content = page_tpl.render(source=src, rows=rows)
        files.append(File.generated(config, src.page, content=content))
        data = json.dumps(src.lines, ensure_ascii=False)
        script = f"(window.primerPassages=window.primerPassages||{{}})[{json.dumps(src.key)}]={data};\n"
        files.append(File.generated(config, f"{PASSAGE_DIR}/{src.key}.js", content=script))
    return files


# --------------------------------------------------------------------------- citations


def _locator(first, last, lang: str = "en") -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return f"{i18n_text.t(lang, 'line')} {first}"
    return f"{i18n_text.t(lang, 'lines')} {first}\u2013{last}"


def _source_target(src: Source, here: str, page_url: str | None) -> str:
    """The link to a source-text page: its .md in the English build; in another edition (which
    does not generate those pages) the URL of the shared English-build page, from this page."""
    if _lang["now"] == i18n_text.DEFAULT or page_url is None:
        return posixpath.relpath(src.page, here or ".")
    from mkdocs.utils import get_relative_url
    url = (f"{SOURCE_DIR}/{src.key}/" if _lang["use_directory_urls"]
           else f"{SOURCE_DIR}/{src.key}.html")
    return get_relative_url(url, page_url)


def render_group(group, page_uri: str, page_url: str | None = None) -> str:
    """One citation group as Markdown: label links to References, locators to the passage."""
    here = posixpath.dirname(page_uri)
    lang = _lang["now"]
    parts: list[str] = []
    order: list[str] = []
    by_key: dict[str, list] = {}
    for cite in group.cites:
        if cite.key not in by_key:
            order.append(cite.key)
            by_key[cite.key] = []
        by_key[cite.key].append(cite)
    for key in order:
        src = _sources.get(key)
        if src is None:                 # unknown key: the checker reports it at file:line
            parts.append(f"@{key}")
            continue
        refs = posixpath.relpath("references.md", here or ".")
        text = f"[{src.label}]({refs}#ref-{key}){{ .cite-source }}"
        locs = []
        for cite in by_key[key]:
            if cite.first is None:
                continue
            target = _source_target(src, here, page_url)
            last = cite.last or cite.first
            anchor = f"L{cite.first}" if last == cite.first else f"L{cite.first}-{last}"
            if lang == i18n_text.DEFAULT:
                locs.append(f"[{_locator(cite.first, cite.last, lang)}]({target}#{anchor})"
                            f"{{ .cite-loc data-source=\"{key}\" data-lines=\"{cite.first}-{last}\" }}")
            else:   # a URL of the English build: raw HTML, which MkDocs does not resolve
                locs.append(f'<a class="cite-loc" data-lines="{cite.first}-{last}" '
                            f'data-source="{key}" href="{target}#{anchor}">'
                            f"{_locator(cite.first, cite.last, lang)}</a>")
        parts.append(", ".join([text] + locs))
    return '<span class="citation">(' + "; ".join(parts) + ")</span>"


def _cited_sources(keys: list[str], page_uri: str, chapter: bool,
                   page_url: str | None = None) -> str:
    if not keys:
        return ""
    lang = _lang["now"]
    here = posixpath.dirname(page_uri)
    heading = i18n_text.t(lang, "sources_cited_chapter" if chapter else "sources_cited_page")
    items = []
    for key in sorted(keys, key=lambda k: re.sub(r"^[\W_]+", "", _sources[k].reference).lower()):
        text_page = _source_target(_sources[key], here, page_url)
        link = (f"[{i18n_text.t(lang, 'source_text_link')}]({text_page})"
                if lang == i18n_text.DEFAULT else
                f'<a href="{text_page}">{i18n_text.t(lang, "source_text_link")}</a>')
        items.append(f"- {_sources[key].reference} "
                     f'<span class="source-text-link" data-source="{key}">{link}</span>')
    return (f'\n\n<div class="cited-sources" markdown>\n\n'
            f"## {heading} {{ #sources-cited .cited-sources-heading }}\n\n"
            + "\n".join(items) + "\n\n</div>\n")


@event_priority(90)   # after the chapter header (mkdocs_hooks, 100); before mkdocs-bibtex (0)
def on_page_markdown(markdown, page, config, files, **kwargs):
    uri = page.file.src_uri
    if uri.startswith(SOURCE_DIR + "/") or not _sources:
        return markdown
    groups = citation_groups(markdown)
    if not groups:
        return markdown
    out, pos, keys = [], 0, []
    for group in groups:
        out.append(markdown[pos:group.start])
        out.append(render_group(group, uri, page.url))
        pos = group.end
        for c in group.cites:
            if c.key in _sources and c.key not in keys:
                keys.append(c.key)
    out.append(markdown[pos:])
    return "".join(out) + _cited_sources(keys, uri, uri.startswith("chapters/"), page.url)

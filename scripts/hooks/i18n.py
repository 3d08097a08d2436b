"""The Indonesian edition (issue 14): what changes when mkdocs-static-i18n builds /id/.

mkdocs-static-i18n 1.3.1 (mkdocs.yml `i18n`, docs_structure: suffix) builds English at / and
then, from its own on_post_build, Indonesian at /id/, re-running every hook and plugin. For the
Indonesian build this hook:

- gives mkdocs-bibtex a copy of the APA CSL with `default-locale="id-ID"`, so that pandoc's
  citeproc writes the labels and references with the Indonesian terms ("dkk.", "t.t.");
- gives mkdocs-to-pdf the Indonesian cover and the output file `primer-id.pdf`, and tells
  scripts/pdf/pdf_event_hook.py which language to print ("Daftar Isi", "Catatan", "Bab");
- marks a page of /id/ that has no Indonesian twin yet: it is built from the English page
  (fallback_to_default), with a visible "Belum diterjemahkan" note and `lang="en"` on its text;
- gives each edition its own search index, the Indonesian one with the other affixed forms
  of its words (PySastrawi; i18n_text.add_search_forms), see split_search_index.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from mkdocs.plugins import event_priority

SCRIPTS = Path(__file__).resolve().parents[1]
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
import i18n_text  # noqa: E402

_original: dict = {}
# URLs (e.g. "id/changelog/") of the pages of this build that have no Indonesian twin yet
_fallback_pages: set[str] = set()

# mkdocs-to-pdf options of the Indonesian print edition (the English ones are in mkdocs.yml).
PDF_ID = {
    "output_path": "primer-id.pdf",
    "cover_title": "Perdagangan Orang di Indonesia dan ASEAN",
    "cover_subtitle": ("Pengantar tentang definisi, aktor, penyebab, kebijakan nasional, "
                       "mekanisme ASEAN, dan kerja sama kepolisian"),
    "author": "Para kontributor pengantar ini",
    "copyright": ("Teks © para kontributor pengantar ini, CC BY 4.0; kode MIT. "
                  "Artikel sumber © para penulisnya."),
}


def _id_csl(csl: str) -> str:
    """The project's APA CSL with default-locale id-ID (a generated copy; the file is unchanged)."""
    text = Path(csl).read_text(encoding="utf-8")
    if "default-locale=" not in text:
        text = text.replace("<style ", '<style default-locale="id-ID" ', 1)
    out = Path(tempfile.gettempdir()) / "primer-apa-id-ID.csl"
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return str(out)


@event_priority(60)   # before mkdocs-bibtex and mkdocs-to-pdf read their options (priority 0)
def on_config(config, **kwargs):
    lang = i18n_text.language(config)
    if lang != i18n_text.DEFAULT:
        _fallback_pages.clear()      # a new build of that edition (mkdocs serve rebuilds)
    bib = config.plugins.get("bibtex")
    if bib is not None and bib.config.csl_file:
        _original.setdefault("csl", bib.config.csl_file)
        if _original.get("bib_lang") != lang:
            # mkdocs-bibtex skips re-reading an unchanged .bib on a later on_config; the
            # other edition needs its own registry (pandoc run with the other locale)
            bib.last_configured = None
            _original["bib_lang"] = lang
        bib.config.csl_file = (_original["csl"] if lang == i18n_text.DEFAULT
                               else _id_csl(str(Path(config.config_file_path).parent
                                                / _original["csl"])))
    pdf = config.plugins.get("to-pdf")
    if pdf is not None:
        for key, value in PDF_ID.items():
            _original.setdefault(("pdf", key), pdf.config.get(key))
            pdf.config[key] = _original[("pdf", key)] if lang == i18n_text.DEFAULT else value
        if str(SCRIPTS / "pdf") not in sys.path:
            sys.path.insert(0, str(SCRIPTS / "pdf"))
        if getattr(pdf, "config", {}).get("enabled_if_env") and __import__("os").environ.get(
                pdf.config["enabled_if_env"]) == "1":
            import pdf_event_hook
            import web_only
            pdf_event_hook.LANG = lang
            web_only.LANG = lang
            config.extra["primer_lang"] = lang      # the cover template (cover.html.j2)
    return config


@event_priority(110)   # first: the note is Markdown that the other hooks see as page text
def on_page_markdown(markdown, page, config, files, **kwargs):
    if i18n_text.language(config) != i18n_text.DEFAULT and \
            i18n_text.page_language(page) == i18n_text.DEFAULT:
        page.meta["untranslated"] = True
        _fallback_pages.add(page.url)        # English text: no Indonesian search forms
        return i18n_text.UNTRANSLATED + markdown
    return markdown


@event_priority(-50)
def on_page_content(html, page, config, files, **kwargs):
    """A fallback page of /id/: its text is English, say so to screen readers."""
    if page.meta.get("untranslated"):
        cut = html.find("</div>") + len("</div>")       # after the "Belum diterjemahkan" note
        return html[:cut] + '<div lang="en">' + html[cut:] + "</div>"
    return html


@event_priority(-200)   # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs):
    """One search index per edition. Only in the outermost build."""
    plugin = config.plugins.get("i18n")
    if plugin is None or plugin.building:
        return
    split_search_index(Path(config.site_dir), [lang for lang in plugin.build_languages
                                               if lang != plugin.default_language])


def _write_index(folder: Path, index: dict, as_script: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if as_script:       # the offline plugin's copy, loaded with a <script> from file://
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def split_search_index(site: Path, languages: list[str]) -> None:
    """mkdocs-static-i18n merges both languages into site/search/search_index.json, and
    Material's search, which loads the index from `base`, would then return English pages on
    /id/ (and Indonesian ones on /). Here the merged index is split: site/search/ keeps the
    English entries, site/<lang>/search/ gets that edition's (locations relative to /<lang>/);
    neither has the per-page lists of cited sources (i18n_text.without_cited_sources), and
    the Indonesian one has the search forms (add_search_forms) and no English pipeline;
    likewise the search_index.js the offline plugin writes for file://. overrides/main.html
    points the /<lang>/ pages' search at their own index (Material's `base`), and the
    sitemap.xml Material also reads from `base` is copied beside it."""
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
    english = i18n_text.without_cited_sources(
        [d for d in docs if not d["location"].startswith(prefixes)])
    _write_index(site / "search", {**index, "docs": english}, as_script)
    for lang in languages:
        own = [dict(d, location=d["location"][len(lang) + 1:]) for d in docs
               if d["location"].startswith(f"{lang}/")]
        config = index.get("config", {})
        if lang == "id":
            fallback = {u[len(lang) + 1:] for u in _fallback_pages if u.startswith(f"{lang}/")}
            own = i18n_text.add_search_forms(i18n_text.without_cited_sources(own),
                                             SCRIPTS.parent, fallback)
            config = i18n_text.search_config(config)
        else:
            config = {**config, "pipeline": []}
        _write_index(site / lang / "search", {**index, "config": config, "docs": own},
                     as_script)


@event_priority(40)   # after mkdocs-static-i18n (50) filled in the language menu's links
def on_page_context(context, page, config, nav, **kwargs):
    """The language menu of the two home pages: mkdocs-static-i18n leaves them as the absolute
    paths "/" and "/id/", which break from file:// (the offline edition) and under a sub-path.
    Made site-relative here; Material's `url` filter then makes them relative to the page."""
    suffix = "" if config.use_directory_urls else "index.html"
    # mkdocs-static-i18n sets the per-page list as an attribute of config.extra (which is what
    # the template reads first), the site-wide one as its key
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    for alt in alternates:
        link = alt.get("link", "")
        if link.startswith("/") and not link.startswith("//"):
            alt["link"] = (link.lstrip("/") + suffix) or "."
            if alt["link"] == "index.html" or alt["link"] == ".":
                alt["link"] = "index.html" if suffix else "."
    return context

"""MkDocs hooks for the primer.

- Runs the grounding checker (scripts/grounding/) on every build and serve. Each problem is
  logged as a warning with file:line; a strict build aborts on any checker error whatever the
  log level (`-q` included); `mkdocs serve` keeps serving and shows each page's problems in a
  banner at the top of the previewed page (in the edition's language). A malformed
  bibliography.bib is reported once, with its line, before mkdocs-bibtex reads it (no pybtex
  traceback); `serve` then previews with a stand-in bibliography until the file is fixed.
- Renders each chapter's front matter (title, summary, reading time, sources, learning
  objectives) at the top of the page, in the site and in the PDF.
- Generates the provenance report ("How this primer is checked") and the full reference list.
- Protects `[@...]` inside code from mkdocs-bibtex.
- Stamps every page with the edition (git commit) and build date (SOURCE_DATE_EPOCH or the
  date of the last commit), so a printed copy can be matched to the online edition.
- Publishes the print and offline editions from dist/ (or $PRIMER_DIST_DIR) when they exist,
  and, in PDF builds (`make pdf`), hands over to scripts/pdf/pdf_event_hook.py.
"""
from __future__ import annotations

import logging
import math
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grounding  # noqa: E402
from edition import edition  # noqa: E402
import i18n_text  # noqa: E402  (the edition being built: scripts/hooks/i18n.py)

log = logging.getLogger("mkdocs.hooks.primer")
ROOT = Path(__file__).resolve().parent.parent
PRIVATE_AT = "\ue040"           # stands in for '@' inside code while mkdocs-bibtex runs
_state: dict = {}


# --------------------------------------------------------------------------- edition stamp


PDF_DIR = Path(__file__).resolve().parent / "pdf"


@event_priority(50)   # before mkdocs-to-pdf's on_config, which imports `pdf_event_hook`
def on_config(config, **kwargs):
    # scripts/pdf holds the print edition (`make pdf`); mkdocs-to-pdf finds its event hook
    # module by name on sys.path. (MkDocs restores sys.path after loading this file, hence here.)
    if str(PDF_DIR) not in sys.path:
        sys.path.insert(0, str(PDF_DIR))
    config.extra["edition"] = edition()
    # The one chapter list is the nav: the home page, the course page and the PDF cover
    # (cover.html.j2 reads `chapters` from config.extra) are written from it.
    _state["chapters"] = config.extra["chapters"] = nav_chapters(config)
    _check_bibliography(config)
    return config


# --------------------------------------------------------------------------- the chapter list


def nav_chapters(config) -> list:
    """The chapters in reading order, as the nav of mkdocs.yml lists them (the pages under
    chapters/, wherever the nav puts them): [{path, title, summary, minutes}], the title and
    summary from each chapter's front matter, the reading time as the chapter header says it."""
    paths: list = []

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                for name, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    elif isinstance(value, str):
                        paths.append((value, name))
            elif isinstance(item, str):
                paths.append((item, None))
    walk(config.nav)
    out = []
    docs = Path(config.docs_dir)
    lang = i18n_text.language(config)
    for path, nav_title in paths:
        if not path.startswith("chapters/") or not (docs / path).is_file():
            continue
        # the Indonesian build lists its own pages (chapters/x.id.md) where they exist
        src = docs / path
        if lang != i18n_text.DEFAULT and src.with_suffix(f".{lang}.md").is_file():
            src = src.with_suffix(f".{lang}.md")
        lines = src.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        meta, body, _ = grounding.markdown.read_front_matter(lines)
        text = "\n".join(lines[body:])
        out.append({"path": path, "title": str(meta.get("title") or nav_title or Path(path).stem),
                    "summary": str(meta.get("summary") or ""),
                    "minutes": _reading_minutes(_protect_code(text))})
    return out


def _reading_minutes(md: str) -> int:
    words = len(re.findall(r"\w+", re.sub(r"\[@[^\]]*\]", "", md)))
    return max(1, math.ceil(words / 200))


def _chapter_list(page) -> str:
    """<!-- chapter-list -->: a numbered list of the chapters with their summaries."""
    return "\n".join(f"{n}. [{c['title']}]({_link(page, c['path'])}) — {c['summary']}"
                     for n, c in enumerate(_state.get("chapters") or [], 1)) + "\n"


def _chapter_times(page) -> str:
    """<!-- chapter-reading-times -->: a table of the chapters and their reading times."""
    lang = _state.get("lang", "en")
    head = ("| Bab | Waktu baca (sekitar) |" if lang == "id" else
            "| Chapter | Reading time (about) |")
    unit = "menit" if lang == "id" else "minutes"
    rows = [head, "|---|---|"]
    rows += [f"| [{c['title']}]({_link(page, c['path'])}) | {c['minutes']} {unit} |"
             for c in _state.get("chapters") or []]
    return "\n".join(rows) + "\n"


def _link(page, path: str) -> str:
    """A link from `page` to the docs-relative `path`, as written in Markdown."""
    import posixpath
    here = posixpath.dirname(page.file.src_uri)
    return posixpath.relpath(path, here or ".")


def _check_bibliography(config) -> None:
    """Read bibliography.bib with the checker's strict parser before mkdocs-bibtex (priority
    0) hands it to pybtex, whose error is a traceback that names no file. Strict builds stop
    with the checker's message. `serve` goes on with a stand-in bibliography (see
    _stand_in_bibliography); the checker's run (on_pre_build) logs the problem, once, and the
    page banner shows it; the next rebuild after the fix reads the real file again."""
    plugin = config.plugins.get("bibtex")
    if plugin is None or not plugin.config.bib_file:
        return
    if plugin.config.bib_file == _state.get("bib_stand_in"):
        return      # the Indonesian build (mkdocs-static-i18n, same config): already replaced
    path = Path(config.config_file_path).parent / plugin.config.bib_file
    diags: list = []
    text = grounding.files.read_text(path, plugin.config.bib_file, "SRC020", diags)
    if text is not None:
        grounding.parse_bibtex(text, plugin.config.bib_file, diags)
    _state["bib_problem"] = diags[0] if diags else None
    if not diags:
        _remove_stand_in()          # fixed: the real file is read again
        return
    if config.strict:
        raise PluginError(f"grounding checker: {diags[0].format()}")
    plugin.config.bib_file = _state["bib_stand_in"] = str(_stand_in_bibliography(text or "", path))


_BIB_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^\s,{}()\"#%'=]+)[ \t]*,", re.M)
_BIB_FILE = re.compile(r"^[ \t]*file[ \t]*=[ \t]*[{\"]+([^{}\"\n]+)", re.M | re.I)


def _stand_in_bibliography(text: str, path: Path) -> Path:
    """`serve` while bibliography.bib cannot be read: one placeholder entry for each key the
    file declares (with its corpus file, where that can be read), "[key: bibliography.bib could
    not be read]". Citations, source texts and References still render, and mkdocs-bibtex,
    pandoc and the link check have nothing to add to the checker's one message (with an empty
    bibliography each citation of every page gave a warning, a pandoc warning and a traceback)."""
    import tempfile
    starts = [m for m in _BIB_START.finditer(text)
              if m.group(1).lower() not in ("comment", "preamble", "string")]
    out, seen = ["% A stand-in for bibliography.bib, which could not be read: see the grounding "
                 "checker's message.\n"], set()
    for i, m in enumerate(starts):
        key = m.group(2)
        if key in seen:
            continue
        seen.add(key)
        entry = text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        file = _BIB_FILE.search(entry)
        out.append(f"@misc{{{key},\n  title = {{{{[{key}: bibliography.bib could not be read]}}}},\n"
                   + (f"  file = {{{file.group(1).strip()}}},\n" if file else "") + "}\n")
    # in a temporary directory of this process's own, which it removes when the real file
    # reads again and when it ends (a file named after the repository outlived every `serve`
    # and every test that broke a copy's bibliography)
    if "bib_stand_in_dir" not in _state:
        _state["bib_stand_in_dir"] = tempfile.TemporaryDirectory(
            prefix="primer-bibliography-stand-in-")
    stand_in = Path(_state["bib_stand_in_dir"].name) / path.name
    stand_in.write_text("\n".join(out), encoding="utf-8")
    return stand_in


def _remove_stand_in() -> None:
    folder = _state.pop("bib_stand_in_dir", None)
    _state.pop("bib_stand_in", None)
    if folder is not None:
        folder.cleanup()


# --------------------------------------------------------------------------- checker


def on_pre_build(config, **kwargs):
    _state["lang"] = i18n_text.language(config)
    if _state["lang"] != i18n_text.DEFAULT and "report" in _state:
        return      # the Indonesian build (mkdocs-static-i18n): checked once, with the English
    diags, report, checker = grounding.run(ROOT, [ROOT / "docs"])
    _state["report"] = report
    _state["corpus"] = checker.corpus
    _state["diags"] = diags
    for d in diags:
        log.warning("%s", d.format())
    note = grounding.skipped_note(checker)
    if note:
        log.warning("%s", note)
    errors = [d for d in diags if d.severity == "error"]
    if not errors:
        return
    summary = (f"grounding checker: {len(errors)} error(s); run 'python scripts/check_sources.py' "
               "for the same list")
    if config.strict:
        # MkDocs counts a warning only when it is logged, and `-q` logs none: raise, so that
        # a strict build fails on a checker error at any log level.
        shown = "\n".join(d.format() for d in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise PluginError(f"{summary}:\n{shown}{more}")
    log.warning("%s", summary)


def _banner(page) -> str:
    """`mkdocs serve`: the checker's problems for this page (and the corpus), at its top."""
    import html
    rel = "docs/" + page.file.src_uri
    diags = [d for d in _state.get("diags") or [] if d.path == rel or not d.path.startswith("docs/")]
    if not diags:
        return ""
    items = "".join(f"<li><code>{html.escape(d.format())}</code></li>" for d in diags)
    if _state.get("lang", "en") == "id":      # the checker's messages stay English
        title = (f"Pemeriksa sumber menemukan {len(diags)} masalah di halaman ini (kotak ini "
                 "hanya tampil dalam pratinjau; pesan pemeriksa dalam bahasa Inggris)")
        items = f'<ul lang="en">{items}</ul>'
    else:
        title = (f"The grounding checker found {len(diags)} problem(s) on this page (this "
                 "banner appears only in a preview)")
        items = f"<ul>{items}</ul>"
    return (f'<div class="admonition failure checker-banner" role="alert">'
            f'<p class="admonition-title">{title}</p>{items}</div>\n')


# --------------------------------------------------------------------------- page Markdown

def _protect_code(md: str) -> str:
    """'@' inside code (blocks and spans, as the checker's one parse finds them) is hidden
    from mkdocs-bibtex, which would otherwise read `[@key]` in an example as a citation."""
    out, pos = [], 0
    for a, b in grounding.code_regions(md):
        if a < pos:
            continue
        out.append(md[pos:a])
        out.append(md[a:b].replace("@", PRIVATE_AT))
        pos = b
    out.append(md[pos:])
    return "".join(out)


def _label(key: str, entry: dict, lang: str = "en") -> str:
    """The label the in-text citations use (pandoc's, from the citations hook), so that a
    chapter's "Draws on" line and its citations name a source the same way; the fallback,
    when that hook has not run, is built from the entry."""
    # MkDocs registers a hook module under its path as written in mkdocs.yml
    hook = next((m for n, m in list(sys.modules.items())
                 if n.replace("\\", "/").endswith("hooks/citations.py")), None)
    found = hook.label(key) if hook is not None and hasattr(hook, "label") else None
    if found:
        return found
    authors = [a.strip() for a in entry.get("author", "").split(" and ") if a.strip()]
    nd = i18n_text.t(lang, "no_date")
    year = entry.get("year", nd)
    if not authors:
        return f"{entry.get('shorttitle') or entry.get('title', key)} ({nd})"
    surnames = [a.split(",")[0].strip() for a in authors]
    who = surnames[0] if len(surnames) == 1 else (
        f"{surnames[0]} & {surnames[1]}" if len(surnames) == 2
        else f"{surnames[0]} {i18n_text.t(lang, 'et_al')}")
    return f"{who} ({year})"


def _chapter_header(page, md: str) -> str:
    meta = page.meta
    title = meta.get("title") or page.title
    minutes = _reading_minutes(md)
    corpus = _state.get("corpus")
    lang = _state.get("lang", "en")
    srcs = []
    for key in meta.get("sources") or []:
        entry = corpus.entries.get(key, {}) if corpus else {}
        srcs.append(f"[{_label(key, entry, lang)}](../references.md#ref-{key})")
    lines = [f"# {title}", ""]
    if meta.get("summary"):
        lines += [f"{meta['summary']}", "{ .chapter-summary }", ""]
    info = (f"**{i18n_text.t(lang, 'reading_time')}:** "
            f"{i18n_text.t(lang, 'about_minutes', n=minutes)}")
    if srcs:
        info += f" · **{i18n_text.t(lang, 'draws_on')}:** " + "; ".join(srcs)
    lines += [info, "{ .chapter-meta }", ""]
    objectives = meta.get("objectives") or []
    if objectives:
        lines += [f'!!! objectives "{i18n_text.t(lang, "objectives")}"', "",
                  f"    {i18n_text.t(lang, 'objectives_intro')}", ""]
        lines += [f"    - {o}" for o in objectives]
        lines.append("")
    return "\n".join(lines) + "\n"


@event_priority(100)
def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    markdown = _protect_code(markdown)
    if src.startswith("chapters/") and page.meta.get("title"):
        markdown = _chapter_header(page, markdown) + markdown
    if "<!-- provenance-report -->" in markdown and "report" in _state:
        table = grounding.report_markdown(_edition_report(_state.get("lang", "en")),
                                          _state["corpus"])
        if _state.get("lang", "en") == "id":
            table = _indonesian_report_headings(table)
        markdown = markdown.replace("<!-- provenance-report -->", table)
    if "<!-- rules-table -->" in markdown:
        rows = ["| Rule | What it checks |", "|---|---|"]
        guide = "contributing.md"
        if _state.get("lang", "en") != i18n_text.DEFAULT:
            # the full contributor guide is English only: link the English page
            from mkdocs.utils import get_relative_url
            guide = get_relative_url("contributing/" if config.use_directory_urls
                                     else "contributing.html", page.url)
            rows[0] = "| Aturan | Yang diperiksa (dalam bahasa Inggris) |"
        if guide == "contributing.md":
            rows += [f"| [`{r.id}`]({guide}#{r.id.lower()}-{_slug(r.title)}) | {r.title} |"
                     for r in sorted(grounding.REGISTRY.values(), key=lambda r: r.id)]
        else:   # a URL of the English build: raw HTML, which MkDocs does not resolve
            rows += [f'| <a href="{guide}#{r.id.lower()}-{_slug(r.title)}"><code>{r.id}</code>'
                     f"</a> | {r.title} |"
                     for r in sorted(grounding.REGISTRY.values(), key=lambda r: r.id)]
        markdown = markdown.replace("<!-- rules-table -->", "\n".join(rows))
    if "<!-- home-pdf -->" in markdown:
        markdown = markdown.replace("<!-- home-pdf -->", _home_pdf())
    if "<!-- chapter-list -->" in markdown:
        markdown = markdown.replace("<!-- chapter-list -->", _chapter_list(page))
    if "<!-- chapter-reading-times -->" in markdown:
        markdown = markdown.replace("<!-- chapter-reading-times -->", _chapter_times(page))
    if "<!-- downloads -->" in markdown:
        markdown = markdown.replace("<!-- downloads -->", _downloads_markdown())
    if "<!-- full-bibliography -->" in markdown:
        markdown = markdown.replace("<!-- full-bibliography -->", _full_bibliography(config))
    return markdown


def _edition_report(lang: str) -> dict:
    """The provenance report of one edition: its own pages only, links to the .md original
    (which mkdocs-static-i18n resolves to the page of the edition being built)."""
    report = _state["report"]

    def mine(rel: str) -> bool:
        return rel.endswith(".id.md") == (lang == "id")

    def link(rel: str) -> str:
        return i18n_text.norm_uri(rel)
    pages = {link(r): p for r, p in report["pages"].items() if mine(r)}
    sources = {}
    for key, s in report["sources"].items():
        cited = {link(r): c for r, c in s["pages"].items() if mine(r)}
        sources[key] = {**s, "pages": cited, "citations": sum(cited.values())}
    return {**report, "pages": pages, "sources": sources}


_REPORT_ID = [("| Page | Units | Cited | Exempt | Citations pinned | Numbers | Names | Quotations "
               "| Verified at the passage |",
               "| Halaman | Unit | Bersitasi | Dikecualikan | Sitasi berlokator | Angka | Nama "
               "| Kutipan | Terverifikasi pada bagian sumber |"),
              ("| Source (citation key) | Corpus file | Citations | Pages citing it |",
               "| Sumber (kunci sitasi) | Berkas korpus | Sitasi | Halaman yang mengutipnya |"),
              ("| Tied to its passage only |", "| Hanya terikat pada bagian sumbernya |"),
              ("**All pages**", "**Semua halaman**"), (" of ", " dari ")]


def _indonesian_report_headings(table: str) -> str:
    for en, id_ in _REPORT_ID:
        table = table.replace(en, id_)
    return table


def _slug(title: str) -> str:
    return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", title.lower())).strip("-")


def _full_bibliography(config) -> str:
    from mkdocs_bibtex.citation import Citation, CitationBlock
    plugin = config.plugins.get("bibtex")
    corpus = _state.get("corpus")
    if plugin is None or corpus is None:
        return ""
    keys = list(plugin.registry.bib_data.entries)
    plugin.registry.validate_citation_blocks([CitationBlock([Citation(k)]) for k in keys])
    out = []
    for key in sorted(keys, key=lambda k: re.sub(r"^[\W_]+", "", plugin.registry.reference_text(Citation(k))).lower()):
        entry = corpus.entries.get(key, {})
        text = _clean_pandoc(plugin.registry.reference_text(Citation(key)))
        lang = _state.get("lang", "en")
        note = entry.get(f"note-{lang}") or entry.get("note", "")
        extra = f"<br>*{i18n_text.t(lang, 'note')}:* {note}." if note else ""
        extra += "<br>" + i18n_text.t(lang, "key_file", key=key, file=entry.get("file", ""))
        out.append(f'<div class="csl-entry" id="ref-{key}" markdown>\n{text}{extra}\n</div>\n')
    return "\n".join(out)


_NOCASE = re.compile(r"\]\{\.nocase\}")


def _clean_pandoc(md: str) -> str:
    """Drop pandoc's `[text]{.nocase}` spans (kept brackets that belong to the text)."""
    while True:
        m = _NOCASE.search(md)
        if not m:
            return md
        depth, i = 0, m.start()
        while i >= 0:
            if md[i] == "]":
                depth += 1
            elif md[i] == "[":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i < 0:
            return md[:m.start()] + md[m.start() + 1:].replace("{.nocase}", "", 1)
        md = md[:i] + md[i + 1:m.start()] + md[m.end():]


def _dist() -> Path:
    """Where `make pdf` and `make offline` put the editions (tests build into a temp dir)."""
    return Path(os.environ.get("PRIMER_DIST_DIR") or ROOT / "dist")


DOWNLOADS = {"primer.pdf": "pdf_en", "primer-id.pdf": "pdf_id", "primer-offline.zip": "zip"}


def on_files(files, config, **kwargs):
    """Publish the print and offline editions with the site when they have been built."""
    from mkdocs.structure.files import File
    offline = bool(config.plugins.get("material/offline") and
                   config.plugins["material/offline"].config.enabled)
    _state["downloads"] = []
    for name in DOWNLOADS:
        path = _dist() / name
        if not path.is_file() or (offline and name.endswith(".zip")):
            continue
        files.append(File.generated(config, f"assets/downloads/{name}", abs_src_path=str(path)))
        _state["downloads"].append(name)
    # The handouts (`make handouts`): dist/handouts/<page>.pdf for docs/chapters/<page>.md or
    # docs/<page>.md; each such page links its own ("Print this chapter": overrides/main.html).
    # The Indonesian ones, dist/handouts/id/<page>.pdf, are published in both builds (under
    # assets/downloads/handouts/id/) and linked from the pages of /id/ (the .id.md twin, or
    # the English page where /id/ falls back to it).
    lang = i18n_text.language(config)
    config.extra["handouts"] = {}
    _state["handouts"], _state["handouts_id"] = [], []
    order = [c["path"] for c in _state.get("chapters") or []]   # reading order, then the rest

    def rank(path):
        page = f"chapters/{path.stem}.md"
        return (order.index(page) if page in order else len(order), path.name)
    for edition, sub in (("en", ""), ("id", "id/")):
        for path in sorted((_dist() / "handouts" / sub).glob("*.pdf"), key=rank):
            page = next((f for f in (f"chapters/{path.stem}.md", f"{path.stem}.md")
                         if files.get_file_from_path(f) is not None), None)
            if page is None:
                continue
            url = f"assets/downloads/handouts/{sub}{path.name}"
            files.append(File.generated(config, url, abs_src_path=str(path)))
            src = page
            if edition != i18n_text.DEFAULT:
                twin = page[:-len(".md")] + f".{edition}.md"
                if files.get_file_from_path(twin) is not None:
                    src = twin
            if edition in (lang, i18n_text.DEFAULT):  # the Indonesian come second: they win
                config.extra["handouts"][src] = url
            _state["handouts" if edition == i18n_text.DEFAULT else "handouts_id"].append(
                (_page_title(files.get_file_from_path(src), path.stem), url))
    return files


def _page_title(file, default: str) -> str:
    from mkdocs.utils.meta import get_data
    body, meta = get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))
    return str(meta.get("title") or next(
        (ln[2:].strip() for ln in body.splitlines() if ln.startswith("# ")), default))


def _home_pdf() -> str:
    """The home page of each edition links its own print edition, when this build has it."""
    lang = _state.get("lang", "en")
    name = "primer-id.pdf" if lang == "id" else "primer.pdf"
    if name not in (_state.get("downloads") or []):
        return ""
    label = "Unduh PDF" if lang == "id" else "Download the PDF"
    return f"[{label}](assets/downloads/{name}){{ .home-pdf }}."


def _downloads_markdown() -> str:
    found = _state.get("downloads") or []
    lang = _state.get("lang", "en")
    own_handouts = _state.get("handouts_id") if lang == "id" else None
    if not found and not _state.get("handouts") and not own_handouts:
        return (f"!!! note \"{i18n_text.t(lang, 'downloads_missing_title')}\"\n\n"
                f"    {i18n_text.t(lang, 'downloads_missing')}\n")
    out = []
    # each edition lists its own PDF first
    own = "primer-id.pdf" if lang == "id" else "primer.pdf"
    for name in sorted(found, key=lambda n: (n != own, list(DOWNLOADS).index(n))):
        size = (_dist() / name).stat().st_size
        mb = f"{size / 1e6:.1f}".replace(".", ",") if lang == "id" else f"{size / 1e6:.1f}"
        out.append(f"- [{i18n_text.t(lang, DOWNLOADS[name])}](assets/downloads/{name}) — {mb} MB")
    if own_handouts:        # the Indonesian edition's own, then the English ones
        out.append("- Bahan ajar (PDF, A4), satu per bab dan satu untuk ringkasan pelatih: "
                   + " · ".join(f"[{title}]({url})" for title, url in own_handouts))
    handouts = _state.get("handouts") or []
    if handouts:
        out.append(f"- {i18n_text.t(lang, 'handouts')} "
                   + " · ".join(f"[{title}]({url})" for title, url in handouts))
    return "\n".join(out) + "\n"


@event_priority(-60)   # after scripts/hooks/i18n.py (-50) put a fallback page's English text
def on_page_content(html, page, config, files, **kwargs):   # in lang="en": the banner stays out
    html = html.replace(PRIVATE_AT, "@")
    if not config.strict:
        html = _banner(page) + html
    return html


@event_priority(10)   # before mkdocs-to-pdf (priority 0) assembles the collected pages
def on_post_build(config, **kwargs):
    """PDF builds only: fix in-document links first (see scripts/pdf/pdf_event_hook.py)."""
    plugin = config.plugins.get("to-pdf")
    if plugin is not None and getattr(plugin, "enabled", False):
        import pdf_event_hook
        pdf_event_hook.DESCRIPTION = config.site_description or ""   # this edition's
        pdf_event_hook.prepare_articles(plugin, log)

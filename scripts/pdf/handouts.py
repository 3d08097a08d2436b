"""Chapter handouts: one A4 PDF per chapter (and one for the trainers' summary), `make handouts`.

A handout is a chapter of the print edition on its own: the same cleaned, numbered article,
the same stylesheet and the same tagged PDF/UA-1 output, so it looks like (and is as accessible
as) the book. It is made during the PDF build, from the book's final HTML:

- `prepare(soup, pages)` (called at the end of pdf_event_hook.pre_pdf_render) makes one HTML
  document per handout page: the book's <head> (styles, metadata, running strings), a cover
  line with the book's title, the chapter number and the edition, and the chapter's article.
  Links that point outside the handout become plain text, except the author-date labels of
  citations, which point to the handout's own "Sources cited in this chapter" list.
- `write(folder)` (called by the tagged write_pdf wrapper once the book is written) renders
  them with WeasyPrint into <site>/handouts/<page>.pdf; `make handouts` copies them to
  dist/handouts/, and the site build publishes them (scripts/mkdocs_hooks.py, on_files).

Each edition has its own: the English book's handouts are handouts/<page>.pdf, the Indonesian
book's (dist/primer-id.pdf, the same build) handouts/id/<page>.pdf, with the cover line, the
document title and the language of their edition (STRINGS).

tests/test_handouts.py checks each handout.
"""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

CHAPTER_PREFIX = "chapters/"
EXTRA = ["summary/"]                  # other pages with a handout (the trainers' summary)
FOLDER = "handouts"
# per edition: the subfolder of FOLDER, the cover line and the PDF's title
STRINGS = {
    "en": {"folder": "", "kind": "Handout", "chapter_kind": "Chapter {n} handout",
           "title": "{title} ({book}, handout)",
           "chapter_title": "{title} (chapter {n} of {book}, handout)"},
    "id": {"folder": "id/", "kind": "Bahan ajar", "chapter_kind": "Bahan ajar Bab {n}",
           "title": "{title} ({book}, bahan ajar)",
           "chapter_title": "{title} (bab {n} dari {book}, bahan ajar)"},
}
_pending: list[tuple[str, str]] = []  # (file name, HTML) of the handouts of this build


def _url(article: Tag, lang: str = "en") -> str:
    """The page's URL in its edition ("chapters/asean/"), without the /id/ prefix."""
    url = article.get("data-url") or ""
    url = url[1:] if url.startswith("/") else url
    if lang != "en" and (url == lang or url.startswith(lang + "/")):
        url = url[len(lang) + 1:]
    return url


def name_of(url: str) -> str:
    """'chapters/definitions/' -> 'definitions'; 'summary/' -> 'summary'."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def _text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


def prepare(soup: BeautifulSoup, pages: list[Tag], book_title: str, lang: str = "en") -> None:
    words = STRINGS[lang]             # "en" or "id": pdf_event_hook.pre_pdf_render
    _pending.clear()
    label = soup.select_one("#doc-cover .cover-edition")
    edition = _text(label) if label is not None else ""
    head = str(soup.head)
    for art in pages:
        url = _url(art, lang)
        if not (url.startswith(CHAPTER_PREFIX) or url in EXTRA):
            continue
        doc = BeautifulSoup(f'<html lang="{lang}">{head}<body class="handout"></body></html>',
                            "html.parser")
        page = BeautifulSoup(str(art), "html.parser").article
        h1 = page.find("h1")
        title = (h1.get("data-title") if h1 is not None else None) or _text(h1 or page)
        number = h1.get("data-number") if h1 is not None else None
        doc.head.title.string = (words["chapter_title"] if number else words["title"]).format(
            title=title, n=number, book=book_title)
        line = doc.new_tag("p", attrs={"class": "handout-line"})
        line.append(doc.new_tag("span", attrs={"class": "handout-book"}))
        line.span.string = book_title
        kind = words["chapter_kind"].format(n=number) if number else words["kind"]
        line.append(f" · {kind} · {edition}" if edition else f" · {kind}")
        if h1 is not None:
            h1.insert_before(line)
        else:
            page.insert(0, line)
        page["class"] = (page.get("class") or []) + ["handout", f"handout-{name_of(url)}"]
        doc.body.append(page)
        _local_links(page)
        _pending.append((f"{words['folder']}{name_of(url)}.pdf", str(doc)))


def _local_links(page: Tag) -> None:
    ids = {el["id"] for el in page.find_all(id=True)}
    sources = page.select_one(".cited-sources h2[id]")
    for a in page.find_all("a", href=True):
        href = a["href"]
        if not href.startswith("#") or href[1:] in ids:
            continue
        if sources is not None and ":ref-" in href:
            a["href"] = f"#{sources['id']}"      # the citation's source, in this handout
            continue
        a.unwrap()                               # another chapter or the back matter
    for el in page.select(".pdf-xref"):
        el["class"] = [c for c in el.get("class", []) if c != "pdf-xref"]


def write(folder: Path, variant: str) -> list[Path]:
    from weasyprint import HTML
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in _pending:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        HTML(string=html).render().write_pdf(str(path), pdf_variant=variant)
        written.append(path)
    _pending.clear()
    return written

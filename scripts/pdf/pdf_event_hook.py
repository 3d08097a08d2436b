"""Turns the primer's pages into a printed handbook (the PDF edition, `make pdf`).

mkdocs-to-pdf imports this module by name (`pdf_event_hook`) and calls `pre_pdf_render` on the
combined HTML just before WeasyPrint renders it; scripts/mkdocs_hooks.py puts this folder on
`sys.path` so the plugin finds it, and calls `prepare_articles` before the plugin assembles the
pages (the plugin checks every in-document link at that point, so links are fixed first).

What it does:
- links to pages left out of the PDF lose their link (the text stays); links to an anchor that
  does not exist point to the top of their page instead (`prepare_articles`);
- front matter (the introduction, the course guide), the numbered chapters, then the back
  matter with the references last; the chapters' `##` sections are numbered 1.1, 1.2, ...;
- a table of contents with page numbers, the running-header text of each page, and
  each chapter's "Sources cited" list left unnumbered, with the repository file of each text;
- no screen CSS, scripts or web-only elements; deterministic metadata (title, author, dates
  from SOURCE_DATE_EPOCH), so the same commit gives the same PDF.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # scripts/: the shared stamp
from edition import edition  # noqa: E402

import handouts  # noqa: E402  (scripts/pdf is on sys.path: see scripts/mkdocs_hooks.py)
import web_only  # noqa: E402

import i18n_text  # noqa: E402  (scripts/: the two editions' strings)

BOOK_TITLE = "Human Trafficking in Indonesia and ASEAN: A Primer"
# The PDF's Subject: the site_description of the edition being built, which
# scripts/mkdocs_hooks.py (on_post_build) sets here; mkdocs-to-pdf would write the English one
# in both editions (it reads its options once).
DESCRIPTION = ""
# The edition being printed: scripts/hooks/i18n.py sets "id" for the Indonesian build
# (dist/primer-id.pdf); the strings below come from scripts/i18n_text.py.
LANG = "en"


def _t(name: str) -> str:
    return i18n_text.t(LANG, name)

# --------------------------------------------------------------------------- tagged PDF

PDF_VARIANT = "pdf/ua-1"    # tagged structure tree, document language, XMP metadata


def _tag_the_pdf() -> None:
    """Make mkdocs-to-pdf write a tagged PDF/UA-1 file.

    WeasyPrint tags a PDF (headings, lists, tables, figures with their alt text, the document
    language from <html lang>) and writes XMP metadata when asked for the `pdf/ua-1` variant,
    but mkdocs-to-pdf 0.12.1 calls `write_pdf` without options and has no setting for it. This
    wraps the HTML class that mkdocs-to-pdf's generator uses so that its one `write_pdf` call
    gets the variant; nothing else in the plugin changes. Imported (and so applied) only by PDF
    builds. tests/test_pdf.py asserts the structure tree and metadata in the result.
    """
    import mkdocs_to_pdf.generator as generator
    from weasyprint import HTML

    if getattr(generator.HTML, "primer_tagged", False):
        return

    class TaggedHTML(HTML):
        primer_tagged = True

        def render(self, *args, **kwargs):
            document = super().render(*args, **kwargs)
            write_pdf = document.write_pdf

            def tagged_write_pdf(target=None, zoom=1, finisher=None, **options):
                options.setdefault("pdf_variant", PDF_VARIANT)
                result = write_pdf(target, zoom, finisher, **options)
                if isinstance(target, str):      # the book is written: now the handouts
                    handouts.write(Path(target).parent / handouts.FOLDER, PDF_VARIANT)
                return result
            document.write_pdf = tagged_write_pdf
            return document

    generator.HTML = TaggedHTML


_tag_the_pdf()

# Page order of the book, by the page's URL in the site (use_directory_urls style).
FRONT = [".", "course/"]           # before the chapters, unnumbered
CHAPTER_PREFIX = "chapters/"        # numbered, in nav order
LAST = ["references/"]             # the very end
RETITLE = {".": "About this primer"}   # the home page's heading repeats the cover title


# --------------------------------------------------------------------------- link fixing


def prepare_articles(plugin, logger) -> None:
    """Fix in-document links of the collected pages before mkdocs-to-pdf checks them.

    `plugin` is the mkdocs-to-pdf plugin instance; its generator keeps each page's article
    (with ids and hrefs already rewritten to the combined document's `#page/:anchor` form).
    """
    articles = getattr(getattr(plugin, "generator", None), "_articles", None)
    if articles is None:
        logger.warning("PDF: cannot reach mkdocs-to-pdf's collected pages (plugin internals "
                       "changed?); in-document links are not checked before rendering")
        return
    omitted = [i for art in articles.values() for i in web_only.omit_sections(art)]
    if omitted:
        logger.info("PDF: web-only sections left out: %s", ", ".join(omitted))
    ids: set[str] = set()
    for art in articles.values():
        ids.update(el["id"] for el in art.find_all(id=True) if isinstance(el.get("id"), str))
    pages = {i.split(":", 1)[0] for i in ids if ":" in i}
    unwrapped, retargeted = set(), set()
    for art in articles.values():
        for a in art.find_all("a", href=True):
            href = a["href"]
            if not isinstance(href, str) or not href.startswith("#"):
                continue
            target = href[1:]
            if target in ids or ":" not in target:
                continue
            page, frag = target.split(":", 1)
            if page in pages:
                if frag:
                    a["href"] = f"#{page}:"
                    retargeted.add(target)
            elif not web_only.paper_text(a, page):
                unwrapped.add(page)
                a.unwrap()
    if retargeted:
        logger.info("PDF: %d link target(s) not found, linked to the top of their page "
                    "instead: %s", len(retargeted), ", ".join(sorted(retargeted)))
    if unwrapped:
        logger.info("PDF: links to pages not in the PDF kept as plain text: %s",
                    ", ".join(sorted(unwrapped)))


def inject_link(html: str, _pdf_path: str, _page, _logger) -> str:
    """The site links the PDF from its downloads page; no per-page PDF button."""
    return html


# --------------------------------------------------------------------------- helpers


def _url(article: Tag) -> str:
    """The page's URL in its edition ("chapters/asean/"), without the /id/ prefix."""
    url = article.get("data-url") or ""
    url = url[1:] if url.startswith("/") else url
    if LANG != "en" and (url == LANG or url.startswith(LANG + "/")):
        url = url[len(LANG) + 1:] or "."
    return url


def _set_meta(soup: BeautifulSoup, name: str, content: str) -> None:
    for old in soup.head.find_all("meta", attrs={"name": name}):
        old.decompose()
    if content:
        soup.head.append(soup.new_tag("meta", attrs={"name": name, "content": content}))


def _text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


# --------------------------------------------------------------------------- main hook


def pre_pdf_render(soup: BeautifulSoup, logger) -> BeautifulSoup:
    # The edition printed, from its pages' URLs (/id/...): mkdocs-to-pdf may load this module
    # apart from the hooks' copy, whose LANG scripts/hooks/i18n.py sets.
    global LANG
    LANG = "id" if any(str(a.get("data-url") or "").lstrip("/").startswith("id/")
                       for a in soup.find_all(attrs={"data-url": True})) else "en"
    web_only.LANG = LANG
    _clean_head(soup)
    _metadata(soup)
    pages = _pages(soup)
    for art in pages:
        _clean_page(soup, art)
    chapters = _number(soup, pages)
    _cross_references(soup)
    _toc(soup, pages)
    _running_strings(soup)
    _punctuation_after_inline(soup)
    if LANG != "en":
        _indonesian_print(soup)
    # each edition's handouts, from its own book (after the styles: they copy its <head>)
    handouts.prepare(soup, pages, _t("book_title"), LANG)
    logger.info("PDF: %d pages of the site, %d numbered chapters", len(pages), chapters)
    return soup


def _clean_head(soup: BeautifulSoup) -> None:
    """Drop the site's screen CSS, scripts, icons and the like; keep the print styles."""
    head = soup.head
    for el in head.find_all(["link", "script", "noscript"]):
        el.decompose()
    for el in soup.body.find_all(["script", "noscript"]):
        el.decompose()
    soup.html["lang"] = LANG


def _metadata(soup: BeautifulSoup) -> None:
    head = soup.head
    if head.title is None:
        head.insert(0, soup.new_tag("title"))
    head.title.string = _t("book_title")
    if DESCRIPTION:
        _set_meta(soup, "description", DESCRIPTION)
    stamp = edition()["iso"]
    _set_meta(soup, "dcterms.created", stamp)
    _set_meta(soup, "dcterms.modified", stamp)
    _set_meta(soup, "generator", "mkdocs-to-pdf with WeasyPrint (make pdf)")


def _pages(soup: BeautifulSoup) -> list[Tag]:
    """One <article class="pdf-page"> per page of the site, in book order."""
    body = soup.body
    found: list[Tag] = []
    for top in list(body.find_all("article", recursive=False)):
        if top.get("id") in ("doc-cover", "doc-imprint", "doc-toc"):
            continue
        if top.has_attr("data-url") and top.find("section", attrs={"data-url": True}) is None:
            found.append(top)
            continue
        # a nav section: its pages are nested <section>s; lift them out
        for sec in top.find_all("section", attrs={"data-url": True}):
            if sec.find_parent("section", attrs={"data-url": True}) is None:
                sec.name = "article"
                found.append(sec)
        top.extract()

    def rank(item: tuple[int, Tag]) -> tuple[int, int]:
        index, art = item
        url = _url(art)
        if url in FRONT:
            return (0, FRONT.index(url))
        if url.startswith(CHAPTER_PREFIX):
            return (1, index)
        if url in LAST:
            return (3, LAST.index(url))
        return (2, index)

    ordered = [art for _, art in sorted(enumerate(found), key=rank)]
    for art in ordered:
        art.extract()
    anchor = body.find("article", id="doc-imprint") or body.find("article", id="doc-cover")
    for art in reversed(ordered):
        if anchor is not None:
            anchor.insert_after(art)
        else:
            body.insert(0, art)
    for art in ordered:
        url = _url(art)
        kind = ("pdf-front" if url in FRONT else
                "pdf-chapter" if url.startswith(CHAPTER_PREFIX) else "pdf-back")
        classes = [c for c in (art.get("class") or []) if c != "md-content__inner"]
        art["class"] = classes + ["pdf-page", kind]
    return ordered


def _clean_page(soup: BeautifulSoup, art: Tag) -> None:
    for sel in ["p.edition-stamp", "a.md-content__button", "a.headerlink",
                ".md-source-file", "form", "input", "button"]:
        for el in art.select(sel):
            el.decompose()
    # The source-text pages are web-only: on paper, name the repository file (same line numbers).
    for el in art.select(".source-text-link"):
        code = soup.new_tag("code")
        code.string = f"sources/{el.get('data-source', '')}.txt"
        before, after = i18n_text.STRINGS[LANG]["source_text_print"]
        el.replace_with(before, code, after)


def _number(soup: BeautifulSoup, pages: list[Tag]) -> int:
    """Number chapters and their sections; set the running-header text of every page."""
    chapter = 0
    for art in pages:
        h1 = art.find("h1")
        if h1 is None:
            continue
        url = _url(art)
        if url in RETITLE:
            h1.clear()
            h1.string = RETITLE[url] if LANG == "en" else _t("about_primer")
        title = _text(h1)
        if "pdf-chapter" in art["class"]:
            chapter += 1
            num = soup.new_tag("span", attrs={"class": "pdf-order"})
            num.string = str(chapter)
            h1.insert(0, num)
            num.insert_after(" ")
            h1["data-running"] = f"{chapter} · {title}"
            h1["data-number"] = str(chapter)
            h1["data-title"] = title
            section = 0
            for h2 in art.find_all("h2"):
                if "cited-sources-heading" in (h2.get("class") or []):
                    continue
                section += 1
                num = soup.new_tag("span", attrs={"class": "pdf-order"})
                num.string = f"{chapter}.{section}"
                h2["data-number"] = f"{chapter}.{section}"
                h2["data-title"] = _text(h2)
                h2.insert(0, num)
                num.insert_after(" ")
        else:
            h1["data-running"] = title
            h1["data-title"] = title
    return chapter


def _cross_references(soup: BeautifulSoup) -> None:
    """Links to another page of the book in 'related chapters' boxes and in the
    introduction's chapter list print the page number they point to."""
    for a in soup.select(".admonition.related a[href^='#'], article.pdf-front li > a[href^='#']"):
        a["class"] = (a.get("class") or []) + ["pdf-xref"]


def _toc(soup: BeautifulSoup, pages: list[Tag]) -> None:
    toc = soup.new_tag("article", id="doc-toc")
    h1 = soup.new_tag("h1")
    h1.string = _t("contents")
    toc.append(h1)
    groups = [("pdf-front", None), ("pdf-chapter", _t("chapters")),
              ("pdf-back", _t("reference"))]
    for kind, label in groups:
        members = [art for art in pages if kind in art["class"]]
        if not members:
            continue
        if label:
            p = soup.new_tag("p", attrs={"class": "toc-group"})
            p.string = label
            toc.append(p)
        ul = soup.new_tag("ul")
        toc.append(ul)
        for art in members:
            head = art.find("h1")
            if head is None or not head.get("id"):
                continue
            ul.append(_toc_entry(soup, head, 1))
            if kind == "pdf-chapter":
                for h2 in art.find_all("h2"):
                    if h2.get("id") and h2.get("data-number"):
                        ul.append(_toc_entry(soup, h2, 2))
    anchor = soup.body.find("article", id="doc-imprint") or soup.body.find("article",
                                                                             id="doc-cover")
    if anchor is not None:
        anchor.insert_after(toc)
    else:
        soup.body.insert(0, toc)


def _toc_entry(soup: BeautifulSoup, heading: Tag, level: int) -> Tag:
    li = soup.new_tag("li", attrs={"class": f"toc-{level}"})
    a = soup.new_tag("a", href=f"#{heading['id']}")
    number = heading.get("data-number")
    if number:
        span = soup.new_tag("span", attrs={"class": "toc-num"})
        span.string = number
        a.append(span)
    a.append(heading.get("data-title") or _text(heading))
    li.append(a)
    return li


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _running_strings(soup: BeautifulSoup) -> None:
    """Running header (book title) and footer (the cover's edition label) of every page."""
    label = soup.select_one("#doc-cover .cover-edition")
    if label is None:
        return
    title = soup.select_one("#doc-cover .cover-title")
    style = soup.new_tag("style")
    style.string = (f"body {{ string-set: booktitle {_css_string(_text(title) if title else '')}, "
                    f"edition {_css_string(_text(label) + ' · ' + _t('licence_short'))}; }}")
    soup.head.append(style)


# Punctuation that follows an inline element directly ("<em>Persons</em>; artikel ...").
_INLINE = ["a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "small", "span", "strong",
           "sub", "sup"]
_LEADING_PUNCTUATION = re.compile(r"^([^\s\w]+)(?=\s)")


def _punctuation_after_inline(soup: BeautifulSoup) -> int:
    """WeasyPrint 70 breaks a line too early when an inline element is followed, without a
    space, by punctuation and more text: in "... <em>Trafficking in Persons</em>; artikel yang
    menyebut ..." the line ends after "Persons;" although the next words fit (the definitions
    chapter and the trainers' summary showed it). Giving that punctuation its own <span> lets
    it break where it should; the text is unchanged. tests/test_pdf.py renders the case."""
    count = 0
    for el in soup.body.find_all(_INLINE):
        after = el.next_sibling
        if not isinstance(after, NavigableString) or el.find_parent("pre") is not None:
            continue
        m = _LEADING_PUNCTUATION.match(str(after))
        if m is None:
            continue
        span = soup.new_tag("span")
        span.string = m.group(1)
        rest = NavigableString(str(after)[m.end():])
        after.replace_with(span)
        span.insert_after(rest)
        count += 1
    return count


def _indonesian_print(soup: BeautifulSoup) -> None:
    """What the stylesheet writes in English ("Chapter 1"), in the Indonesian edition."""
    style = soup.new_tag("style")
    style.string = (f'h1 > .pdf-order::before {{ content: {_css_string(_t("chapter_word") + " ")}; }}'
                    f'article#doc-toc > h1 {{ bookmark-label: {_css_string(_t("contents"))}; }}')
    soup.head.append(style)

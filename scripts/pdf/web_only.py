"""What the website has and paper does not: left out of the print edition (and the handouts).

Called by scripts/pdf/pdf_event_hook.py's `prepare_articles`, on each page's collected article,
before links are checked (so that nothing points into a removed section):

- sections that only concern a reader of the website are dropped, by the id of their heading
  (OMIT_SECTIONS): the home page's privacy and cookies text, and the checker's benchmark tables
  on the checks page (figures about the build machine, not about trafficking);
- links to pages that are not in the print edition (the contributors' guide, the downloads
  page) would print as a bare page name ("see Contributing"); when a link's text is the name of
  the page it points to (its title in either edition), it becomes text that makes sense on
  paper (PAPER_TEXT), capitalised at the start of a sentence. A link whose text says something
  of its own (a rule's id in the checks page's table, a section's name) keeps that text and
  only loses the link.

tests/test_pdf.py asserts that none of it reaches the PDF.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

# (page id as mkdocs-to-pdf writes it, heading anchor): the heading and what follows it up to
# the next heading of the same or a higher level.
OMIT_SECTIONS = [
    (".", "privacy"),
    ("checks/", "how-fast-the-checker-is"),
    (".", "privasi"),                                   # the Indonesian edition's headings
    ("checks/", "seberapa-cepat-pemeriksa-bekerja"),
]
# The edition being printed (scripts/hooks/i18n.py sets "id" for dist/primer-id.pdf); its
# pages' ids start with "id/", which _page_of drops.
LANG = "en"

# A link to one of these pages (which the print edition leaves out: see `exclude_pages` in
# mkdocs.yml) is replaced by this text (`...` marks a file name, printed as code).
PAPER_TEXT = {
    "contributing/": "`CONTRIBUTING.md` in the primer's repository",
    "downloads/": "the page \u201cPrint and offline editions\u201d of the online edition",
}
PAPER_TEXT_ID = {
    "contributing/": "halaman \u201cCara mengusulkan koreksi\u201d pada edisi daring",
    "downloads/": "halaman \u201cEdisi cetak dan edisi luring\u201d pada edisi daring",
}


DOCS = Path(__file__).resolve().parents[2] / "docs"


@lru_cache(maxsize=None)
def page_names(page: str) -> frozenset[str]:
    """What a link's text may be to stand for `page` ("contributing/") as a whole: the
    front-matter title of docs/<page>.md and of each translation."""
    stem = page.rstrip("/") or "index"
    names = set()
    for path in sorted(DOCS.glob(f"{stem}.md")) + sorted(DOCS.glob(f"{stem}.*.md")):
        m = re.match(r"---\s*\n(.*?)\n---\s*\n", path.read_text(encoding="utf-8"), re.S)
        title = m and re.search(r"^title:\s*(.+?)\s*$", m.group(1), re.M)
        if title:
            names.add(_name(title.group(1).strip("\"'")))
    return frozenset(names)


def _name(text: str) -> str:
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201c: '"', 0x201d: '"'})
    return re.sub(r"\s+", " ", text).strip().strip("\"'*_").casefold()


def _level(tag: Tag) -> int:
    return int(tag.name[1]) if re.fullmatch(r"h[1-6]", tag.name or "") else 0


def _page_of(ident: str) -> str:
    page = ident.split(":", 1)[0]
    if LANG != "en" and (page == LANG or page.startswith(LANG + "/")):
        page = page[len(LANG) + 1:]
    return "." if page in ("", ".", "./", "index/", "index.html") else page


def omit_sections(article: Tag) -> list[str]:
    removed = []
    wanted = set(OMIT_SECTIONS)
    for heading in article.find_all(re.compile(r"^h[1-6]$"), id=True):
        ident = heading["id"]
        if ":" not in ident or (_page_of(ident), ident.split(":", 1)[1]) not in wanted:
            continue
        level = _level(heading)
        for sib in list(heading.find_next_siblings()):
            if 0 < _level(sib) <= level:
                break
            sib.decompose()
        heading.decompose()
        removed.append(ident)
    return removed


def _starts_sentence(a: Tag) -> bool:
    prev = a.previous_sibling
    while isinstance(prev, NavigableString) and not prev.strip():
        prev = prev.previous_sibling
    if prev is None:
        return a.parent is not None and a.parent.name in ("p", "li", "td", "dd")
    if isinstance(prev, NavigableString):
        return bool(re.search(r"[.!?:]\s*$", str(prev)))
    return False


def paper_text(a: Tag, page: str) -> bool:
    """Replace a link to a web-only page by its paper wording; False when there is none."""
    page = _page_of(page) if LANG != "en" else page
    text = (PAPER_TEXT_ID if LANG == "id" else PAPER_TEXT).get(page)
    if text is None:
        return False
    if _name(a.get_text(" ")) not in page_names(page):
        # the link's text is not the page's name ("SRC001", a section): it stays, unlinked
        a.unwrap()
        return True
    if _starts_sentence(a) and text[0].isalpha():
        text = text[0].upper() + text[1:]
    parts = []
    for i, piece in enumerate(text.split("`")):
        if i % 2:
            code = BeautifulSoup("", "html.parser").new_tag("code")
            code.string = piece
            parts.append(code)
        elif piece:
            parts.append(piece)
    a.replace_with(*parts)
    return True

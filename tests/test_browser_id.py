"""The Indonesian edition in a real browser (issue 14): navigation, language switcher, search.

The axe (WCAG 2.1 AA) and no-off-host-request tests of test_browser.py walk every HTML page of
the build, so the /id/ pages are covered there; these tests add what is specific to /id/.
Search: Material's lunr has no Indonesian stemmer, so the index of /id/ is extended at build
time with the other affixed forms of each word (scripts/stem_id.py, PySastrawi): an affixed
query such as "diperdagangkan" or "pemberantasan" finds the chapters that use another form.
"""
from __future__ import annotations

import re
import sys

import pytest

from conftest import CHAPTERS, ROOT
from test_browser import (DESKTOP, TIMEOUT_MS, chapter_of, goto,  # noqa: F401
                          search_documents)

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.sync_api import expect  # noqa: E402

# query -> chapters any of which is a right answer among the first TOP_N documents
SEARCHES_ID = {
    "perdagangan orang": {"definitions", "causes", "national-policy", "actors"},
    "jeratan utang": {"definitions", "causes", "actors"},
    "eksploitasi": {"definitions"},
    "Gugus Tugas": {"national-policy"},
    "ASEANAPOL": {"policing"},
    "perekrutan": {"definitions", "actors", "causes"},
}
# Affixed forms: each also finds pages that only use other forms of the same stem.
AFFIXED = ["diperdagangkan", "perekrutan", "direkrut", "memberantas",
           "penjeratan"]
TOP_N = 3


@pytest.fixture()
def new_context(browser):
    made = []

    def make(viewport=DESKTOP, **kw):
        ctx = browser.new_context(viewport=viewport, service_workers="block", **kw)
        ctx.set_default_timeout(TIMEOUT_MS)
        made.append(ctx)
        return ctx
    yield make
    for ctx in made:
        ctx.close()


def open_search(page, query: str):
    expect(page.locator(".md-search-result__meta")).not_to_have_text(
        re.compile("Mempersiapkan|Initializing", re.I))
    page.locator("body").press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def test_indonesian_home_reaches_every_chapter(new_context, site_server):
    page = new_context().new_page()
    for chapter in CHAPTERS:
        goto(page, site_server.url + "id/")
        assert page.evaluate("document.documentElement.lang") == "id"
        link = page.locator(f"nav.md-nav--primary a.md-nav__link[href$='chapters/{chapter}/']")
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(f"**/id/chapters/{chapter}/")
        assert page.evaluate("document.documentElement.lang") == "id"
        expect(page.locator("article h1").first).to_be_visible()


@pytest.mark.parametrize("path", ["", "chapters/policing/", "glossary/", "references/"])
def test_switcher_goes_to_the_same_page_and_back(new_context, site_server, path):
    page = new_context().new_page()
    goto(page, site_server.url + path)
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang='id']").click()
    page.wait_for_url(re.compile(re.escape(site_server.url + "id/" + path) + "(index.html)?$"))
    assert page.evaluate("document.documentElement.lang") == "id"
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url(re.compile(re.escape(site_server.url + path) + "(index.html)?$"))
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("query", list(SEARCHES_ID))
def test_indonesian_search_finds_the_indonesian_chapter(new_context, site_server, query):
    page = new_context().new_page()
    goto(page, site_server.url + "id/")
    open_search(page, query)
    docs = search_documents(page)
    assert docs and all("/id/" in d for d in docs), f"{query!r}: results outside /id/: {docs}"
    found = [c for c in map(chapter_of, docs[:TOP_N]) if c in SEARCHES_ID[query]]
    assert found, (f"search for {query!r} on /id/ should list one of "
                   f"{sorted(SEARCHES_ID[query])} among its first {TOP_N}; it listed {docs}")
    # the added affixed forms never show in the result previews
    shown = page.eval_on_selector_all(".md-search-result .search-stems",
                                      "els => els.filter(e => e.offsetParent !== null).length")
    assert shown == 0
    first = page.locator(".md-search-result__list > .md-search-result__item > "
                         f"a.md-search-result__link[href*='chapters/{found[0]}/']").first
    first.click()
    page.wait_for_url(f"**/id/chapters/{found[0]}/**")


def test_english_search_stays_english(new_context, site_server):
    page = new_context().new_page()
    goto(page, site_server.url)
    open_search(page, "ASEANAPOL")
    docs = search_documents(page)
    assert docs and not any("/id/" in d for d in docs), docs


def _page_text(root, path: str) -> str:
    from bs4 import BeautifulSoup
    f = root / path.lstrip("/") / "index.html"
    return BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").select_one(
        "article").get_text(" ").lower()


@pytest.mark.parametrize("query", AFFIXED)
def test_affixed_forms_find_pages_with_other_forms(new_context, site_server, query):
    """The build-time stemmer at work: the results include a page that does not contain the
    query as typed but another form of its stem (PySastrawi), e.g. "direkrut" -> "perekrutan"."""
    import stem_id
    page = new_context().new_page()
    goto(page, site_server.url + "id/")
    open_search(page, query)
    docs = [d for d in search_documents(page) if d.startswith("/id/")]
    assert docs, f"{query!r} found nothing on /id/"
    stem = stem_id.stem(query)
    others = [d for d in docs if query not in _page_text(site_server.root, d)]
    assert others, f"{query!r}: every result contains the word as typed: {docs}"
    for d in others:
        words = set(re.findall(r"[a-z]+", _page_text(site_server.root, d)))
        assert any(stem_id.stem(w) == stem for w in words if len(w) >= 5), (query, d)

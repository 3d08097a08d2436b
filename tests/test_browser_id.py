"""The Indonesian edition in a real browser (issue 14): navigation, language switcher, search.

The axe (WCAG 2.1 AA) and no-off-host-request tests of test_browser.py walk every HTML page of
the build, so the /id/ pages are covered there; these tests add what is specific to /id/.
Search: Material's lunr has no Indonesian stemmer, so each entry of the /id/ index gets at
build time the other affixed forms of its words (scripts/i18n_text.py add_search_forms,
PySastrawi), in a field of their own with a low boost: an affixed query such as "direkrut"
finds the chapters that only write "perekrutan", after those that use the word as typed. The
searches are run as a reader runs them, on the site served over http and on the offline
edition opened from file:// (which must give the same results).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import CHAPTERS, ROOT, build_env, files_only
from test_browser import (DESKTOP, TIMEOUT_MS, chapter_of, goto,  # noqa: F401
                          search_documents)

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT / "scripts"))

import i18n_text  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

# query -> the chapters that are a right answer: the first chapter listed must be one of them,
# among the first TOP_N documents, with nothing above it but the reference pages that define,
# date or list (in a paper's title) a term: REFERENCE_PAGES
SEARCHES_ID = {
    # "combating": the policing chapter is about it, national policy about the law named so
    "pemberantasan": {"policing", "national-policy"},
    "diperdagangkan": {"actors", "definitions"},
    "perdagangan orang": {"definitions", "causes", "national-policy", "actors"},
    "jeratan utang": {"definitions", "causes", "actors"},
    "eksploitasi": {"definitions"},
    "Gugus Tugas": {"national-policy"},
    "ASEANAPOL": {"policing"},
    "perekrutan": {"definitions", "actors", "causes"},
}
REFERENCE_PAGES = {"glossary", "timeline", "references"}
TOP_N = 3
# Affixed forms: each also finds pages that only use other forms of the same stem.
AFFIXED = ["perekrutan", "direkrut", "memberantas", "penjeratan"]


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


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    """The site as the offline edition builds it (OFFLINE=true: pages as .html, the search
    index inlined as search_index.js); scripts/offline_bundle.py zips this folder as it is
    (tests/test_offline.py checks the zip itself, with the print edition inside)."""
    out = tmp_path_factory.mktemp("offline-site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, env=build_env(OFFLINE="true", ENABLE_PDF_EXPORT="0"),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"offline build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def _result_state(page):
    return page.evaluate("""() => [
        document.querySelector('.md-search-result__meta').textContent.trim(),
        [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
            .map(li => li.querySelector('a.md-search-result__link'))
            .filter(a => a).map(a => a.href)]""")


def search(page, query: str, ready: bool = True) -> tuple[int, list[str]]:
    """Type `query` into the search box as a reader does; return the number of documents the
    search reports and the pages it lists (site-relative paths, as far as it renders them).

    Material searches after every keystroke, so the results are read once they have stopped
    changing (the answer to the whole query is the last). `ready`: wait first for the
    "Mempersiapkan pencarian" placeholder to go (online; from file:// the index is loaded
    when the search is first used)."""
    if ready:
        expect(page.locator(".md-search-result__meta")).not_to_have_text(
            re.compile("Mempersiapkan|Initializing", re.I))
    page.locator("input.md-search__input").click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(query, delay=20)     # real keystrokes: Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    state, stable = _result_state(page), 0
    while stable < 3:                           # unchanged for 3 x 250 ms
        page.wait_for_timeout(250)
        now = _result_state(page)
        stable = stable + 1 if now == state else 0
        state = now
    meta, hrefs = state
    count = re.search(r"\d+", meta)
    assert count, f"{query!r}: no result count in {meta!r}"
    return int(count.group()), [_site_path(h) for h in hrefs]


def _site_path(href: str) -> str:
    """http://host/id/chapters/x/?h=a#s or file:///.../id/chapters/x.html -> 'chapters/x'."""
    path = re.sub(r"[?#].*$", "", href)
    path = path.split("/id/", 1)[1] if "/id/" in path else ""
    path = re.sub(r"(?:index)?\.html$", "", path)
    return path.rstrip("/")


def _page_of(path: str) -> str:
    """'chapters/x' -> 'x' for a chapter, else the page's path ('glossary', '' for home)."""
    return path[len("chapters/"):] if path.startswith("chapters/") else path


@lru_cache(maxsize=None)
def _words(root: Path, path: str) -> frozenset[str]:
    """The words of the article of /id/<path>/ (http build), lower-cased, less the list of the
    sources it cites at the end (the references page's entries again, not the page's text)."""
    from bs4 import BeautifulSoup
    f = root / "id" / path / "index.html" if path else root / "id" / "index.html"
    article = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").select_one("article")
    for cited in article.select(".cited-sources"):
        cited.decompose()
    return frozenset(re.findall(r"[a-z]+", article.get_text(" ").lower()))


def _uses(root: Path, path: str, term: str, other_forms: bool = True) -> bool:
    """Does the page use `term` as typed (a word beginning with it: the search adds a trailing
    wildcard), or, with `other_forms`, another form of the same stem (PySastrawi)?"""
    term = term.lower()
    words = _words(root, path)
    if any(w.startswith(term) for w in words):
        return True
    return other_forms and any(i18n_text.stem(w) == i18n_text.stem(term)
                               for w in words if len(w) >= i18n_text.MIN_STEM)


def _added_forms(root: Path, path: str) -> set[str]:
    """The forms the /id/ index adds (field `stems`) to the entries of one page."""
    index = json.loads((root / "id" / "search" / "search_index.json").read_text("utf-8"))
    return {w for d in index["docs"] if d["location"].split("#")[0].rstrip("/") == path
            for w in d.get(i18n_text.STEMS_FIELD, "").split()}


def _pages_of_edition(root: Path) -> set[str]:
    index = json.loads((root / "id" / "search" / "search_index.json").read_text("utf-8"))
    return {d["location"].split("#")[0].rstrip("/") for d in index["docs"]}


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
    """The right chapter comes first (only the glossary, the timeline or the references may be
    above it), the search does not list every page, every page it lists uses one of the
    query's words (as typed or another form of it), and the result opens the chapter."""
    page = new_context().new_page()
    goto(page, site_server.url + "id/")
    count, docs = search(page, query)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "as => as.map(a => a.href)")
    assert all("/id/" in h for h in hrefs), f"{query!r}: results outside /id/: {hrefs}"
    pages = [_page_of(d) for d in docs]
    chapters = [p for p in pages if p in CHAPTERS]
    assert chapters and chapters[0] in SEARCHES_ID[query], (
        f"search for {query!r} on /id/ should list one of {sorted(SEARCHES_ID[query])} as its "
        f"first chapter; it listed {pages}")
    above = pages[:pages.index(chapters[0])]
    assert len(above) < TOP_N and set(above) <= REFERENCE_PAGES, (
        f"{query!r}: {above} listed above {chapters[0]}")
    total = len(_pages_of_edition(site_server.root))
    assert len(docs) <= count < total, f"{query!r}: {count} of the {total} pages: {pages}"
    for d in docs:
        assert any(_uses(site_server.root, d, term) for term in query.split()), (
            f"{query!r} lists /id/{d}/, which uses none of its words in any form")
    # the added forms are never shown: a result's preview has no word that is only in the
    # forms the index adds to its page
    previews = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        """items => items.map(li => [li.querySelector('a').href,
            [...li.querySelectorAll('.md-search-result__article')].map(a => a.innerText)
                .join(' ')])""")
    for href, text in previews:
        path = _site_path(href)
        added = _added_forms(site_server.root, path) - _words(site_server.root, path)
        shown = set(re.findall(r"[a-z]+", text.lower())) & added
        assert not shown, f"{query!r}: the preview of {href} shows {sorted(shown)}"
    page.locator(".md-search-result__list > .md-search-result__item > "
                 f"a.md-search-result__link[href*='chapters/{chapters[0]}/']").first.click()
    page.wait_for_url(f"**/id/chapters/{chapters[0]}/**")


def test_english_search_stays_english(new_context, site_server):
    page = new_context().new_page()
    goto(page, site_server.url)
    count, docs = search(page, "ASEANAPOL")
    hrefs = page.eval_on_selector_all(".md-search-result__link", "as => as.map(a => a.href)")
    assert docs and not any("/id/" in h for h in hrefs), hrefs
    assert chapter_of(hrefs[0]) == "policing", hrefs


@pytest.mark.parametrize("query", AFFIXED)
def test_affixed_forms_find_pages_with_other_forms(new_context, site_server, query):
    """The build-time stemmer at work: the results include a page that does not contain the
    query as typed but another form of its stem (PySastrawi), e.g. "direkrut" -> "perekrutan";
    the pages that use the word as typed are listed before them."""
    page = new_context().new_page()
    goto(page, site_server.url + "id/")
    count, docs = search(page, query)
    assert docs, f"{query!r} found nothing on /id/"
    root = site_server.root
    as_typed = [_uses(root, d, query, other_forms=False) for d in docs]
    assert not all(as_typed), f"{query!r}: every result contains the word as typed: {docs}"
    assert any(as_typed), f"{query!r}: no result uses the word as typed: {docs}"
    assert as_typed == sorted(as_typed, reverse=True), (
        f"{query!r}: a page with only another form is listed above one that uses the word: "
        f"{list(zip(docs, as_typed))}")
    for d, typed in zip(docs, as_typed):
        assert typed or _uses(root, d, query), (query, d)


def test_a_form_of_a_word_on_nearly_every_page_is_found_as_typed(new_context, site_server):
    """"diperdagangkan" (trafficked) shares its stem with "perdagangan" (trafficking), which
    nearly every page uses: expanding it would list the whole edition. Such stems are not
    expanded, so the search lists just the pages that use the word itself."""
    page = new_context().new_page()
    goto(page, site_server.url + "id/")
    count, docs = search(page, "diperdagangkan")
    root = site_server.root
    pages = _pages_of_edition(root)
    using = {p for p in pages if _uses(root, p, "diperdagangkan", other_forms=False)}
    sharing = {p for p in pages if _uses(root, p, "diperdagangkan")}
    assert len(sharing) > 2 / 3 * len(pages), "the premise: the stem is on most pages"
    assert count == len(using) < len(sharing), (count, sorted(using), sorted(sharing))
    assert set(docs) <= using


def test_search_from_file_url_gives_the_same_results(browser, site_server, offline_site):
    """The offline edition, opened from file:// with every other request blocked, finds the
    same pages in the same order as the site served over http (the index is the same, inlined
    as a script; the query is not stemmed in the browser)."""
    blocked: list[list] = []           # each offline context's requests off the machine
    for query in ["pemberantasan", "direkrut", "Gugus Tugas"]:
        online = browser.new_context(viewport=DESKTOP, service_workers="block")
        offline = browser.new_context(viewport=DESKTOP, service_workers="block")
        blocked.append(files_only(offline))
        try:
            for ctx in (online, offline):
                ctx.set_default_timeout(TIMEOUT_MS)
            page = online.new_page()
            goto(page, site_server.url + "id/")
            served = search(page, query)
            page = offline.new_page()
            page.goto((offline_site / "id" / "index.html").as_uri())
            assert page.evaluate("document.documentElement.lang") == "id"
            from_file = search(page, query, ready=False)
            assert from_file == served, (query, served, from_file)
            page.locator(".md-search-result__link").first.click()
            page.wait_for_url("file://**/id/**.html*")
        finally:
            online.close()
            offline.close()
    attempted = [url for urls in blocked for url in urls]
    assert attempted == [], f"requests off the machine from file:// pages: {attempted}"

"""Reader experience, verified in a real browser (Debian's Chromium driven by Playwright).

The strict build (`built_site` in conftest.py) is served on 127.0.0.1 by `site_server`; one
Chromium is started for the whole module and each test opens its own context (fresh storage,
cookies and cache). Screenshots and the page-weight figures are written to
$PRIMER_BROWSER_ARTIFACTS if set, otherwise to a pytest temporary folder (printed with -s).
"""
from __future__ import annotations

import gzip
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CHAPTERS, ROOT

pytestmark = pytest.mark.browser   # headless Chromium; `make test-fast` leaves these out

try:
    from axe_playwright_python.base import AxeResults
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError as exc:  # pragma: no cover - fail loudly, never skip
    raise ImportError(f"browser tests need playwright and axe-playwright-python "
                      f"(pip install -r requirements.txt): {exc}") from exc

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
WEIGHT_CEILING = 2_000_000        # bytes per page load, everything included
TIMEOUT_MS = 15_000

# Each search must find its chapter among the first few documents listed. A term may
# legitimately occur in several chapters; `expected` lists the chapters that are "right".
SEARCHES = {
    "ASEANAPOL": {"policing"},
    "Palermo": {"definitions"},
    # The chapters write the statute "Law No. 21 of 2007" (Indonesian: "Undang-Undang Nomor 21
    # Tahun 2007") and its short name "UU TPPO", never "UU 21/2007" (Material's search splits
    # words on spaces and hyphens only, so "21/2007" would be one unmatched word).
    "Law No. 21 of 2007": {"definitions", "national-policy"},
    "UU TPPO": {"national-policy"},
    "eksploitasi": {"definitions"},
}
TOP_N = 3


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    env = os.environ.get("PRIMER_BROWSER_ARTIFACTS")
    out = Path(env) if env else tmp_path_factory.mktemp("browser")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture()
def new_context(browser):
    """Factory for fresh browser contexts (closed after the test). Service workers are
    blocked so that every request is seen by the page."""
    made = []

    def make(viewport=DESKTOP, color_scheme="light", **kw):
        ctx = browser.new_context(viewport=viewport, color_scheme=color_scheme,
                                  service_workers="block", **kw)
        ctx.set_default_timeout(TIMEOUT_MS)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


# --------------------------------------------------------------------------- helpers


def site_pages(root: Path) -> list[str]:
    """URL paths (relative to the site root) of every HTML page of the build."""
    paths = []
    for f in sorted(root.rglob("*.html")):
        rel = f.relative_to(root).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


@lru_cache(maxsize=None)
def _soup(path: str) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def soup(root: Path, url_path: str) -> BeautifulSoup:
    return _soup(str(target_file(root, url_path)))


def target_file(root: Path, url_path: str) -> Path:
    p = root / unquote(url_path).lstrip("/")
    if url_path == "" or url_path.endswith("/") or p.is_dir():
        p = p / "index.html"
    return p


def ids_of(root: Path, url_path: str) -> set[str]:
    return _ids(str(target_file(root, url_path)))


@lru_cache(maxsize=None)
def _ids(path: str) -> frozenset[str]:
    s = _soup(path)
    return frozenset({el["id"] for el in s.find_all(id=True)}
                     | {el["name"] for el in s.find_all("a", attrs={"name": True})})


def goto(page, url: str):
    resp = page.goto(url, wait_until="load")
    assert resp is not None and resp.status == 200, f"{url}: HTTP {resp and resp.status}"
    return resp


def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def open_search(page, query: str):
    """Open Material's search with the '/' shortcut, type `query`, wait for results."""
    # The search worker loads the index in the background; a query typed before it is ready
    # may never be answered, so wait for the "Initializing search" placeholder to go.
    expect(page.locator(".md-search-result__meta")).not_to_have_text(
        re.compile("Initializing", re.I))
    page.locator("body").press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(query)     # real keystrokes: Material searches on key events
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def search_documents(page) -> list[str]:
    """Paths of the documents (not sections) listed in the search results, in order."""
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        """items => items.map(li => li.querySelector('a.md-search-result__link'))
                         .filter(a => a).map(a => new URL(a.href).pathname)""")


def chapter_of(path: str) -> str | None:
    m = re.search(r"/chapters/([^/]+)/", path)
    return m.group(1) if m else None


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def start_axe(page):
    """Inject axe-core and start a WCAG 2.1 A/AA run without waiting for it, so that
    several pages (separate renderer processes) can be checked at the same time."""
    page.evaluate(Axe().axe_script)
    # Measure what the reader sees once CSS transitions (e.g. the search box turning white as
    # it opens) have finished, not a colour half-way through the transition.
    page.evaluate("""opts => {
        const running = document.getAnimations().filter(a =>
            a.effect && a.effect.getComputedTiming().endTime !== Infinity);
        window.__primerAxe = Promise.all(running.map(a => a.finished.catch(() => null)))
            .then(() => axe.run(document, opts));
    }""", AXE_OPTIONS)


def finish_axe(page) -> AxeResults:
    return AxeResults(page.evaluate("() => window.__primerAxe"))


# --------------------------------------------------------------------------- navigation


def test_home_reaches_every_chapter_through_the_navigation(new_context, site_server):
    page = new_context().new_page()
    for chapter in CHAPTERS:
        goto(page, site_server.url)
        link = page.locator(f"nav.md-nav--primary a.md-nav__link[href$='chapters/{chapter}/']")
        expect(link).to_be_visible()
        name = link.inner_text().strip()
        link.click()
        page.wait_for_url(f"**/chapters/{chapter}/")
        h1 = page.locator("article h1").first
        expect(h1).to_be_visible()
        assert h1.inner_text().strip(), f"chapter {chapter} has an empty title"
        assert name, f"the navigation link to {chapter} has no text"
        # The page reached is the chapter the navigation marks as current.
        expect(page.locator("nav.md-nav--primary .md-nav__link--active").first
               ).to_contain_text(name)


def test_every_internal_link_and_anchor_resolves(site_server):
    root = site_server.root
    base = "http://site.invalid/"
    problems = []
    pages = site_pages(root)
    assert {f"chapters/{c}/" for c in CHAPTERS} <= set(pages), pages
    for page in pages:
        s = soup(root, page)
        refs = [(t.name, t.get("href")) for t in s.find_all(["a", "link"], href=True)]
        refs += [(t.name, t.get("src")) for t in s.find_all(["script", "img", "iframe"],
                                                             src=True)]
        for tag, ref in refs:
            url = urljoin(base + page, ref)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != base:
                continue                      # external link: not ours to resolve here
            path = parts.path.lstrip("/")
            f = target_file(root, path)
            if not f.is_file():
                problems.append(f"{page or 'index'}: <{tag}> {ref!r} -> missing {path}")
                continue
            frag = unquote(parts.fragment)
            if frag and f.suffix == ".html" and frag not in ids_of(root, path):
                problems.append(f"{page or 'index'}: <{tag}> {ref!r} -> no id {frag!r} on "
                                f"{path or 'index'}")
    # Every search result must lead somewhere too.
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        loc = doc["location"]
        path, _, frag = loc.partition("#")
        f = target_file(root, path)
        if not f.is_file():
            problems.append(f"search index: {loc!r} -> missing page")
        elif frag and unquote(frag) not in ids_of(root, path):
            problems.append(f"search index: {loc!r} -> no id {frag!r}")
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("query", list(SEARCHES))
def test_search_finds_the_right_chapter(new_context, site_server, artifacts, query):
    page = new_context().new_page()
    goto(page, site_server.url)
    open_search(page, query)
    docs = search_documents(page)
    chapters = [chapter_of(d) for d in docs]
    found = [c for c in chapters[:TOP_N] if c in SEARCHES[query]]
    if query == "ASEANAPOL":
        page.screenshot(path=str(artifacts / "search-aseanapol-light.png"))
    assert found, (f"search for {query!r} should list one of {sorted(SEARCHES[query])} among "
                   f"its first {TOP_N} documents; it listed {docs}")
    # Following the result opens that chapter.
    first = page.locator(".md-search-result__list > .md-search-result__item > "
                         f"a.md-search-result__link[href*='chapters/{found[0]}/']").first
    first.click()
    page.wait_for_url(f"**/chapters/{found[0]}/**")


# --------------------------------------------------------------------------- citations


def test_citation_previews_and_opens_its_passage(new_context, site_server):
    """Hovering a locator shows the cited Indonesian lines; clicking it opens the source text
    with exactly those lines highlighted; the label leads to the References entry."""
    root = site_server.root
    page = new_context().new_page()
    goto(page, site_server.url + "chapters/definitions/")
    loc = page.locator("article a.cite-loc").first
    expect(loc).to_be_visible()
    key = loc.get_attribute("data-source")
    first, _, last = loc.get_attribute("data-lines").partition("-")
    first, last = int(first), int(last or first)
    source = (ROOT / "sources" / f"{key}.txt").read_text(encoding="utf-8").split("\n")
    loc.hover()
    preview = page.locator(".cite-preview")
    expect(preview).to_be_visible()
    expect(preview.locator(".cite-preview__body")).to_have_attribute("lang", "id")
    shown = preview.locator(".cite-preview__body p")
    expect(shown).to_have_count(last - first + 1)
    assert source[first - 1].strip()[:30] in shown.first.inner_text()
    page.mouse.move(0, 0)
    expect(preview).to_have_count(0, timeout=3000)
    loc.click()
    page.wait_for_url(f"**/source-texts/{key}/#L{first}*")
    cited = page.locator(".source-line--cited")
    expect(cited).to_have_count(last - first + 1)
    expect(page.locator(f"[id='L{first}']")).to_be_in_viewport()
    page.go_back()
    label = page.locator("article a.cite-source").first
    key = label.get_attribute("href").split("#ref-")[1]
    label.click()
    page.wait_for_url(f"**/references/#ref-{key}")
    expect(page.locator(f"[id='ref-{key}']")).to_be_in_viewport()
    assert soup(root, "references/").find(id=f"ref-{key}") is not None


# --------------------------------------------------------------------------- glossary


def test_glossary_links_point_at_glossary_entries(new_context, site_server):
    root = site_server.root
    glossary_ids = ids_of(root, "glossary/")
    missing, seen = [], []
    for chapter in CHAPTERS:
        for a in soup(root, f"chapters/{chapter}/").select("article a[href*='glossary/#']"):
            term = unquote(a["href"].split("#", 1)[1])
            seen.append((chapter, term))
            if term not in glossary_ids:
                missing.append(f"{chapter}: '{a.get_text(strip=True)}' -> glossary/#{term}")
    assert seen, "no chapter links a term to the glossary"
    assert not missing, (f"{len(missing)} glossary link(s) point at no entry:\n"
                         + "\n".join(sorted(set(missing))))
    # In the browser: following a term lands on its entry.
    chapter, term = seen[0]
    page = new_context().new_page()
    goto(page, site_server.url + f"chapters/{chapter}/")
    page.locator(f"article a[href$='glossary/#{term}']").first.click()
    page.wait_for_url(f"**/glossary/#{term}")
    expect(page.locator(f"[id='{term}']")).to_be_in_viewport()


# --------------------------------------------------------------------------- mobile


def test_mobile_no_horizontal_scrolling_and_drawer(new_context, site_server, artifacts):
    page = new_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    wide = []
    for path in [""] + [f"chapters/{c}/" for c in CHAPTERS]:
        goto(page, site_server.url + path)
        # A phone zooms out to fit a too-wide page (innerWidth then grows beyond 375), so
        # compare with the viewport we asked for, not with innerWidth alone.
        w = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if max(w) > MOBILE["width"]:
            culprits = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 376
                             && !e.parentElement.closest('.md-typeset__scrollwrap, pre'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
            wide.append(f"{path or 'home'}: scrollWidth {w[0]}, innerWidth {w[1]} > "
                        f"{MOBILE['width']} ({culprits})")
    assert not wide, "pages scroll sideways at 375 px:\n" + "\n".join(wide)

    goto(page, site_server.url)
    drawer_button = page.locator("label.md-header__button[for='__drawer']")
    expect(drawer_button).to_be_visible()
    nav = page.locator("nav.md-nav--primary")
    expect(nav).not_to_be_in_viewport()
    drawer_button.click()
    expect(nav).to_be_in_viewport()
    page.locator("nav.md-nav--primary label.md-nav__link", has_text="Chapters").first.click()
    for chapter in CHAPTERS:
        link = nav.locator(f"a.md-nav__link[href$='chapters/{chapter}/']")
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
    page.wait_for_timeout(300)  # let the drawer's slide animation finish before the shot
    page.screenshot(path=str(artifacts / "mobile-drawer-chapters.png"))
    nav.locator("a.md-nav__link[href$='chapters/causes/']").click()
    page.wait_for_url("**/chapters/causes/")
    page.screenshot(path=str(artifacts / "mobile-chapter-light.png"))


# --------------------------------------------------------------------------- dark mode


def test_dark_mode_toggle_works_and_persists(new_context, site_server, artifacts):
    page = new_context(color_scheme="light").new_page()
    goto(page, site_server.url)
    assert scheme_of(page) == "default"
    light_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.screenshot(path=str(artifacts / "home-light.png"))
    page.locator("form[data-md-component='palette'] label[title='Switch to dark mode']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark_bg != light_bg, "switching to dark mode did not change the background"
    stored = page.evaluate("""Object.keys(localStorage).filter(k => k.endsWith('__palette'))
                              .map(k => localStorage.getItem(k))""")
    assert stored and "slate" in stored[0], f"palette not stored in localStorage: {stored}"
    page.reload(wait_until="load")
    assert scheme_of(page) == "slate", "dark mode did not survive a reload"
    goto(page, site_server.url + "chapters/definitions/")
    assert scheme_of(page) == "slate", "dark mode did not carry over to another page"
    page.screenshot(path=str(artifacts / "toggled-chapter-dark.png"))
    goto(page, site_server.url)
    page.screenshot(path=str(artifacts / "toggled-home-dark.png"))
    page.locator("form[data-md-component='palette'] label[title='Switch to light mode']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


# --------------------------------------------------------------------------- print


def test_printed_chapter_hides_navigation_chrome(new_context, site_server):
    page = new_context().new_page()
    goto(page, site_server.url + "chapters/definitions/")
    chrome = ["header.md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
              "footer.md-footer", ".md-search", ".md-content__button"]
    # On screen the chrome is there (so the print check below means something).
    for sel in ["header.md-header", ".md-sidebar--primary", "footer.md-footer"]:
        expect(page.locator(sel).first).to_be_visible()
    page.emulate_media(media="print")
    for sel in chrome:
        loc = page.locator(sel)
        for i in range(loc.count()):
            expect(loc.nth(i)).to_be_hidden()
    expect(page.locator("article h1").first).to_be_visible()
    expect(page.locator("article .cited-sources").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("header.md-header")).to_be_visible()


@pytest.mark.parametrize("path", ["chapters/definitions/", "glossary/", "checks/", ""])
def test_printing_a_page_gives_a4_without_chrome_or_back_links(new_context, site_server, path,
                                                               artifacts):
    """What Chromium's print dialog produces (page.pdf honours the print CSS and its @page size
    as the dialog does): A4 pages, the text without navigation, buttons or "↩" back-links, and
    citations with their author-date label and line locator."""
    import io

    import pypdf
    page = new_context().new_page()
    goto(page, site_server.url + path)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (artifacts / f"print-{path.strip('/').replace('/', '-') or 'home'}.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for number, sheet in enumerate(reader.pages, 1):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 595.28) < 2 and abs(height - 841.89) < 2, (number, width, height)
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "\u21a9" not in text, "back-link arrows printed"
    for chrome in ["Skip to content", "Table of contents", "Back to top", "Edit this page",
                   "Switch to dark mode"]:
        assert chrome not in text, chrome
    if path.startswith("chapters/"):
        # citations read "(Author, year, lines N–M)" on paper
        assert re.search(r"n\.d\.|\d{4}", text) and re.search(r"lines \d+[–-]\d+", text)
        assert "Sources cited in this chapter" in text


# --------------------------------------------------------------------------- accessibility


def test_pages_have_lang_alt_text_and_ordered_headings(site_server):
    root = site_server.root
    problems = []
    for path in site_pages(root):
        s = soup(root, path)
        name = path or "index"
        if not (s.html.get("lang") or "").strip():
            problems.append(f"{name}: <html> has no lang")
        for img in s.find_all("img"):
            if img.get("alt") is None:
                problems.append(f"{name}: <img src={img.get('src')!r}> has no alt")
        article = s.select_one("article.md-content__inner")
        if article is None:
            problems.append(f"{name}: no article")
            continue
        levels = [int(h.name[1]) for h in article.find_all(re.compile(r"^h[1-6]$"))]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{name}: must start with exactly one h1, has {levels[:6]}")
        for prev, cur in zip(levels, levels[1:]):
            if cur > prev + 1:
                problems.append(f"{name}: heading jumps from h{prev} to h{cur}")
                break
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_wcag21_aa_on_every_page(new_context, site_server, artifacts, scheme):
    ctx = new_context(color_scheme=scheme)
    tabs = [ctx.new_page(), ctx.new_page()]      # two pages checked at a time
    expected = "slate" if scheme == "dark" else "default"
    failures = []

    def report(label, results):
        if results.violations_count:
            failures.append(f"--- {label} ({scheme})\n{results.generate_report()}")

    paths = site_pages(site_server.root)
    for i in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[i:i + len(tabs)]))
        for page, path in batch:
            goto(page, site_server.url + path)
            assert scheme_of(page) == expected, f"{path}: not in {scheme} mode"
            start_axe(page)
        for page, path in batch:
            report(path or "index", finish_axe(page))
            if path == "chapters/definitions/":
                page.screenshot(path=str(artifacts / f"chapter-{scheme}.png"))
    # The search results overlay and the mobile navigation drawer are part of the site too.
    search, drawer = tabs
    goto(search, site_server.url)
    open_search(search, "Palermo")
    start_axe(search)
    drawer.set_viewport_size(MOBILE)
    goto(drawer, site_server.url + "chapters/asean/")
    drawer.locator("label.md-header__button[for='__drawer']").click()
    expect(drawer.locator("nav.md-nav--primary")).to_be_in_viewport()
    drawer.wait_for_timeout(300)                 # the drawer slides in
    start_axe(drawer)
    report("search results", finish_axe(search))
    report("mobile drawer", finish_axe(drawer))
    search.screenshot(path=str(artifacts / f"search-palermo-{scheme}.png"))
    drawer.screenshot(path=str(artifacts / f"mobile-drawer-{scheme}.png"))
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- privacy


def test_no_third_party_requests_and_no_cookies(new_context, site_server):
    ctx = new_context()
    requests, bad_status, failed = [], [], []
    ctx.on("request", lambda r: requests.append(r.url))
    ctx.on("response", lambda r: r.status >= 400 and bad_status.append(f"{r.status} {r.url}"))
    ctx.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page = ctx.new_page()
    pages = site_pages(site_server.root)
    for path in pages:
        goto(page, site_server.url + path)
        page.wait_for_load_state("networkidle")
    open_search(page, "ASEANAPOL")            # the search worker and its index, too
    page.wait_for_load_state("networkidle")
    foreign = sorted({u for u in requests
                      if urlsplit(u).scheme not in ("data", "blob", "about")
                      and urlsplit(u).netloc != site_server.host})
    assert len(requests) > len(pages), "requests were not recorded"
    assert not foreign, "requests left the local server:\n" + "\n".join(foreign)
    assert not bad_status, "HTTP errors while reading the site:\n" + "\n".join(bad_status)
    assert not failed, "failed requests:\n" + "\n".join(failed)
    assert ctx.cookies() == [], f"cookies were set: {ctx.cookies()}"
    assert page.evaluate("document.cookie") == ""
    # The home page promises that the browser stores only the light/dark preference
    # (Material's "__palette" key, scoped by the site's path).
    page.keyboard.press("Escape")
    page.locator("form[data-md-component='palette'] label[title='Switch to dark mode']").click()
    keys = page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
    assert any(k.endswith("__palette") for k in keys), f"palette not stored: {keys}"
    odd = [k for k in keys if not k.endswith("__palette")]
    assert not odd, f"browser storage beyond the light/dark preference: {odd}"


def test_home_page_states_the_privacy_promise(new_context, site_server):
    page = new_context().new_page()
    goto(page, site_server.url)
    section = page.locator("article")
    expect(page.locator("article h2#privacy")).to_be_visible()
    for phrase in ["does not track you", "uses no", "analytics", "sets no cookies"]:
        expect(section).to_contain_text(phrase)


# --------------------------------------------------------------------------- page weight


def _weigh(ctx, url: str, site_root: Path) -> dict:
    page = ctx.new_page()
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    goto(page, url)
    page.wait_for_load_state("networkidle")
    # Material's search worker fetches the index in the background; wait for it.
    for _ in range(50):
        if any(r.url.endswith("search_index.json") for r in finished):
            break
        page.wait_for_timeout(100)
    rows = {}
    for r in finished:
        sizes = r.sizes()
        # Content-Length is what the server sent; responseBodySize can be smaller when the
        # browser stops reading early (an undecodable image) or serves from memory.
        length = (r.response().headers.get("content-length") if r.response() else None)
        body = max(sizes["responseBodySize"], int(length or 0))
        transferred = body + sizes["responseHeadersSize"]
        path = urlsplit(r.url).path
        f = target_file(site_root, path.lstrip("/"))
        gz = len(gzip.compress(f.read_bytes(), 9)) if f.is_file() else body
        kind = ("search index" if path.endswith("search_index.json") else
                "html" if r.resource_type == "document" else
                "font" if r.resource_type == "font" or path.endswith((".woff", ".woff2")) else
                "image" if path.endswith((".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp",
                                          ".ico")) else
                {"stylesheet": "css", "script": "js", "image": "image"}.get(
                    r.resource_type, r.resource_type))
        rows[path] = {"kind": kind, "bytes": transferred, "body": body, "gzip_body": gz}
    page.close()
    by_kind: dict[str, int] = {}
    for row in rows.values():
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["bytes"]
    return {"total_bytes": sum(r["bytes"] for r in rows.values()),
            "total_gzip_body_bytes": sum(r["gzip_body"] for r in rows.values()),
            "by_kind": by_kind, "requests": rows}


def test_page_weight_is_modest(new_context, site_server, artifacts):
    report = {}
    for label, path in [("home", ""), ("chapter (definitions)", "chapters/definitions/")]:
        report[label] = _weigh(new_context(), site_server.url + path, site_server.root)
    (artifacts / "page-weight.json").write_text(json.dumps(report, indent=2))
    lines = ["| page | total (uncompressed) | gzip-equivalent | " + " | ".join(
        ["html", "css", "js", "font", "search index", "image"]) + " |", "|" + "---|" * 9]
    for label, r in report.items():
        k = r["by_kind"]
        lines.append(f"| {label} | {r['total_bytes']:,} | {r['total_gzip_body_bytes']:,} | "
                     + " | ".join(f"{k.get(x, 0):,}" for x in
                                  ["html", "css", "js", "font", "search index", "image"]) + " |")
    (artifacts / "page-weight.md").write_text("\n".join(lines) + "\n")
    print("\npage weight (bytes transferred from the local server, fresh cache):")
    print("\n".join(lines))
    print(f"written to {artifacts / 'page-weight.json'}")
    for label, r in report.items():
        assert "search index" in r["by_kind"], f"{label}: the search index was not loaded"
        assert r["by_kind"].get("html", 0) > 0 and r["by_kind"].get("css", 0) > 0
        assert r["total_bytes"] < WEIGHT_CEILING, (
            f"{label} weighs {r['total_bytes']:,} bytes (> {WEIGHT_CEILING:,}): "
            f"{sorted(r['requests'].items(), key=lambda kv: -kv[1]['bytes'])[:5]}")

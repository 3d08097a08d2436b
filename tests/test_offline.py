"""The offline edition (`make offline`): the site built with OFFLINE=true, the print edition
inside it, zipped by scripts/offline_bundle.py. The zip is unpacked into a temporary folder and
opened from file:// in headless Chromium (Debian's, driven by Playwright) with every request
that is not a file: request blocked and recorded: navigation, citations and search must work,
and nothing may even try to reach the network.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CHAPTERS, EDITION_EPOCH, ROOT, build_env, files_only

# the bundle holds the print edition, and some tests open it in Chromium: not in `make test-fast`
pytestmark = [pytest.mark.pdf, pytest.mark.browser]

try:
    import playwright.sync_api  # noqa: F401
except ImportError as exc:  # pragma: no cover - fail loudly, never skip
    raise ImportError(f"the offline-bundle tests need playwright "
                      f"(pip install -r requirements.txt): {exc}") from exc

import offline_bundle  # scripts/offline_bundle.py (conftest puts scripts/ on sys.path)

TIMEOUT_MS = 20_000
SEARCH_TERM = "ASEANAPOL"
SEARCH_TARGET = "chapters/policing.html"


def front_matter_title(md: Path) -> str:
    m = re.search(r"^title:\s*(.+)$", md.read_text(encoding="utf-8").split("\n---", 1)[0], re.M)
    assert m, f"{md} has no title"
    return m.group(1).strip().strip("'\"")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def offline_zip(pdf_edition, tmp_path_factory) -> Path:
    """What `make offline` produces, built into a temporary folder."""
    root = tmp_path_factory.mktemp("offline-edition")
    dist = root / "dist"
    dist.mkdir()
    shutil.copy(pdf_edition, dist / "primer.pdf")       # the hook publishes dist/primer.pdf
    shutil.copy(pdf_edition.parent / "primer-id.pdf", dist / "primer-id.pdf")   # and the
    # Indonesian print edition, which the same PDF build writes (issue 14),
    # and dist/handouts/*.pdf, which the same print build writes (`make offline` needs both)
    shutil.copytree(pdf_edition.parent / "handouts", dist / "handouts")
    env = build_env(OFFLINE="true", ENABLE_PDF_EXPORT="0", SOURCE_DATE_EPOCH=EDITION_EPOCH,
                    PRIMER_DIST_DIR=str(dist))
    site = root / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"offline build failed:\n{proc.stdout}\n{proc.stderr}"
    target = dist / "primer-offline.zip"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "offline_bundle.py"),
                           str(site), str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"offline_bundle.py failed:\n{proc.stdout}\n{proc.stderr}"
    return target


@pytest.fixture(scope="module")
def bundle(offline_zip, tmp_path_factory) -> Path:
    """The unzipped bundle: the folder that holds index.html."""
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(out)
    indexes = sorted(out.glob("*/index.html"))
    assert len(indexes) == 1, f"expected one folder with index.html in the zip: {indexes}"
    return indexes[0].parent




# --------------------------------------------------------------------------- the zip


def test_zip_layout(offline_zip):
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
    assert names == sorted(names)
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"primer-offline"}, tops
    assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
    for required in ["index.html", "search/search_index.js", "assets/downloads/primer.pdf",
                     "assets/javascripts/iframe-worker-shim.js", "chapters/policing.html"]:
        assert f"primer-offline/{required}" in names, required


def test_zip_is_reproducible(offline_zip, bundle, tmp_path):
    again = tmp_path / "again.zip"
    offline_bundle.write_zip(bundle, again, epoch=int(EDITION_EPOCH))
    assert again.read_bytes() == offline_zip.read_bytes()


def test_pdf_is_inside_and_linked(bundle, pdf_edition):
    pdf = bundle / "assets" / "downloads" / "primer.pdf"
    assert pdf.read_bytes() == pdf_edition.read_bytes()
    soup = BeautifulSoup((bundle / "downloads.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select("article a[href]")
             if a["href"].endswith(".pdf") and "handouts/" not in a["href"]]  # handouts: below
    assert hrefs, "the downloads page does not link the PDF"
    targets = {(bundle / unquote(href)).resolve() for href in hrefs}
    assert pdf.resolve() in targets, hrefs
    # the only other print edition it links is the Indonesian one (issue 14)
    assert targets <= {pdf.resolve(), (pdf.parent / "primer-id.pdf").resolve()}, hrefs


def test_handouts_are_inside_and_linked(bundle, pdf_edition):
    """Every chapter's handout and the trainers' summary, byte for byte as the print build wrote
    them, linked from the downloads page and from its own page ("Print this chapter")."""
    made = sorted(p.name for p in (pdf_edition.parent / "handouts").glob("*.pdf"))
    assert made == sorted([f"{c}.pdf" for c in CHAPTERS] + ["summary.pdf"]), made
    folder = bundle / "assets" / "downloads" / "handouts"
    assert sorted(p.name for p in folder.glob("*.pdf")) == made
    for name in made:
        assert (folder / name).read_bytes() == (pdf_edition.parent / "handouts" / name).read_bytes()
    soup = BeautifulSoup((bundle / "downloads.html").read_text(encoding="utf-8"), "html.parser")
    linked = {(bundle / unquote(a["href"])).resolve() for a in soup.select("article a[href]")}
    assert {(folder / name).resolve() for name in made} <= linked
    for name in made:
        page = bundle / ("chapters/" if name != "summary.pdf" else "") / name.replace(".pdf", ".html")
        link = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "a.print-handout[href]")
        assert link is not None, f"{page} has no 'Print this ...' link"
        assert (page.parent / unquote(link["href"])).resolve() == (folder / name).resolve()


def test_print_this_chapter_opens_the_handout_from_file_url(browser, bundle):
    """Clicking "Print this chapter" on a chapter opened from file:// opens its handout: the
    browser navigates to the bundled PDF and gets it as application/pdf (its PDF viewer shows
    it; the bytes are compared with the print build's in the test above)."""
    chapter = CHAPTERS[0]
    expected = bundle / "assets" / "downloads" / "handouts" / f"{chapter}.pdf"
    context = browser.new_context()
    attempted = files_only(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto((bundle / "chapters" / f"{chapter}.html").as_uri())
        link = page.get_by_role("link", name="Print this chapter")
        assert link.is_visible()
        with page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        assert response is not None and response.ok
        assert response.headers.get("content-type") == "application/pdf"
        assert page.url == expected.as_uri()
    finally:
        context.close()
    assert expected.read_bytes()[:5] == b"%PDF-"
    assert attempted == [], attempted


def test_no_page_loads_anything_from_another_host(bundle):
    """Scripts, styles, fonts, images, frames: all local (links to read elsewhere are fine)."""
    assert offline_bundle.check(bundle) == []


# --------------------------------------------------------------------------- in Chromium


def test_works_from_file_url_with_network_off(browser, bundle, tmp_path):
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    attempted = files_only(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    # a file that does not load is an error; a load the browser aborted because the reader
    # navigated on (a citation preview still loading when its locator is clicked) is not
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url} ({r.failure})")
            if r.url.startswith("file:") and r.failure != "net::ERR_ABORTED" else None)
    try:
        # home page
        page.goto((bundle / "index.html").as_uri())
        assert "Primer" in page.title()
        page.screenshot(path=str(tmp_path / "home.png"))

        # navigation: the sidebar takes us to a chapter
        definitions = front_matter_title(ROOT / "docs" / "chapters" / "definitions.md")
        page.click("nav.md-nav--primary a[href$='chapters/definitions.html']")
        page.wait_for_url("**/chapters/definitions.html")
        assert definitions in page.inner_text("article h1")

        # citations: author-date text whose locator opens the highlighted passage from file://
        loc = page.locator("article a.cite-loc").first
        lines = loc.get_attribute("data-lines")
        loc.hover()          # the preview loads its lines with a <script>, which works from file://
        page.locator(".cite-preview .cite-preview__body p").first.wait_for()
        loc.click()
        page.wait_for_url("**/source-texts/*.html#L*")
        first = lines.split("-")[0]
        expect_cited = page.locator(f"[id='L{first}'].source-line--cited")
        expect_cited.wait_for()
        assert expect_cited.is_visible()
        page.go_back()
        page.wait_for_url("**/chapters/definitions.html")
        page.click("article .chapter-meta a[href*='references.html#ref-']")
        page.wait_for_url("**/references.html#ref-*")
        target = urlsplit(page.url).fragment
        assert page.locator(f"[id='{target}']").is_visible()

        # search (offline: the index is inlined, the worker runs through the local shim)
        page.goto((bundle / "index.html").as_uri())
        page.click("input.md-search__input")
        page.keyboard.type(SEARCH_TERM, delay=20)    # as a reader types (keyup events)
        results = page.locator(f".md-search-result__item a[href*='{SEARCH_TARGET}']")
        results.first.wait_for()
        page.screenshot(path=str(tmp_path / "search.png"))
        results.first.click()
        page.wait_for_url(f"**/{SEARCH_TARGET}*")
        policing = front_matter_title(ROOT / "docs" / "chapters" / "policing.md")
        assert policing in page.inner_text("article h1")
        assert SEARCH_TERM in page.inner_text("article")
    finally:
        context.close()
    assert attempted == [], f"requests to the network from file:// pages: {attempted}"
    assert errors == [], errors


# --------------------------------------------------------------------------- Indonesian edition


def test_both_editions_and_both_pdfs_inside_each_home_links_its_own(bundle, pdf_edition):
    for name, home in (("primer.pdf", "index.html"), ("primer-id.pdf", "id/index.html")):
        pdf = bundle / "assets" / "downloads" / name
        assert pdf.read_bytes() == (pdf_edition.parent / name).read_bytes(), name
        soup = BeautifulSoup((bundle / home).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("article a.home-pdf[href]")]
        assert links, f"{home} does not link its PDF"
        assert all((bundle / home).parent.joinpath(unquote(h)).resolve() == pdf.resolve()
                   for h in links), (home, links)
    assert (bundle / "id" / "search" / "search_index.js").is_file()
    assert (bundle / "id" / "chapters" / "policing.html").is_file()


def test_indonesian_edition_works_from_file_url(browser, bundle):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    attempted = files_only(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto((bundle / "id" / "index.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "id"
        # search in Indonesian, from the Indonesian index inlined for file://
        page.click("input.md-search__input")
        page.keyboard.type("ASEANAPOL", delay=20)
        results = page.locator(".md-search-result__item a[href*='id/chapters/policing.html']")
        results.first.wait_for()
        results.first.click()
        page.wait_for_url("**/id/chapters/policing.html*")
        # the locators of an Indonesian page open the shared source text
        page.locator("article a.cite-loc").first.click()
        page.wait_for_url("**/source-texts/*.html#L*")
        assert "/id/" not in page.url
        page.go_back()
        page.wait_for_url("**/id/chapters/policing.html*")
        # the language switcher lands on the same page in English
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang='en']").click()
        page.wait_for_url(lambda u: u.endswith("/chapters/policing.html") and "/id/" not in u)
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()
    assert attempted == [], f"requests to the network from file:// pages: {attempted}"

"""`make serve` (mkdocs serve --no-strict), both editions: each previewed page shows the grounding
checker's problems for that page in a banner at its top (in the edition's language on /id/),
the banner goes when the file is fixed and the server has rebuilt, without restarting the
server; the Indonesian edition is served at /id/ beside the English one, its pages reload
themselves after an edit, and the language menu leads to the same page in the other edition; a
malformed bibliography.bib is one message in the log and the banner of both editions, and the
next rebuild after the fix is the real site again."""
from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, build_env

pytestmark = pytest.mark.browser

PAGE = "chapters/policing"
PLANTED = "ASEANAPOL was founded in 1985 [@chrsiti2025, line 55]."

PAGE_ID = "chapters/definitions"                  # docs/chapters/definitions.id.md
GOOD_CITE = "[@tppo-drivers, lines 98-104]"
WRONG_CITE = "[@tppo-drivers, lines 9998-9999]"   # past the end of the source: SRC031
UNTRANSLATED = "scratch-untranslated"             # an English page without an Indonesian twin
BANNER_ID = "Pemeriksa sumber menemukan"
BUILT = "Documentation built in"
# The end of each rebuild under serve (mkdocs' livereload loop). Not BUILT: mkdocs drops a build
# message it has logged before (a DuplicateFilter on mkdocs.commands.build), so a rebuild that
# took as long as an earlier one, to the hundredth of a second, logs no "Documentation built".
RELOADED = "Reloading browsers"
# what mkdocs-bibtex, pybtex and pandoc print when they are handed a bibliography they cannot use
BIB_NOISE = ("Traceback", "Citing unknown reference key", "Error formatting citation",
             "Citeproc", "does not contain an anchor", "pybtex")
IGNORE = shutil.ignore_patterns(".venv", "site", "dist", ".git", "__pycache__", ".pytest_cache",
                                "node_modules", "tmp")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`mkdocs serve --no-strict` of a copy of the repository, its log read as it comes (a
    pipe nobody reads would stop the server once the log filled it)."""

    def __init__(self, repo: Path, **env):
        self.repo = repo
        self.url = f"http://127.0.0.1:{_free_port()}/"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr",
             self.url[len("http://"):-1]], cwd=repo, env=build_env(**env), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        """Builds finished: the first (BUILT, logged once) and each rebuild (RELOADED)."""
        lines = list(self.lines)
        return min(1, sum(BUILT in line for line in lines)) + \
            sum(RELOADED in line for line in lines)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)      # Ctrl-C, as a contributor stops it
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def edit(self, path: Path, text: str) -> list[str]:
        """Write `text` to `path`; wait for the rebuild it starts; that build's log."""
        start, n = len(self.lines), self.builds()
        path.write_text(text, encoding="utf-8")
        _wait_until(lambda: self.builds() > n, 300, f"the rebuild after editing {path.name}",
                    self)
        return self.lines[start:]


def _wait_until(predicate, timeout: float, what: str, served: Served | None = None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if served is not None and served.proc.poll() is not None:
            time.sleep(1)           # the rest of its log
            pytest.fail(f"mkdocs serve exited ({served.proc.returncode}) while waiting for "
                        f"{what}:\n" + "\n".join(served.lines[-60:]))
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}"
                + ("" if served is None else ":\n" + "\n".join(served.lines[-30:])))


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except OSError:
        return 0, ""


def _start(repo: Path, **env) -> Served:
    served = Served(repo, **env)
    _wait_until(lambda: _get(served.url)[0] == 200 and served.builds() >= 1, 300,
                "the first build", served)
    return served


def _banner(html: str) -> str:
    """The checker banner of a served page, as text ('' when there is none)."""
    m = re.search(r'<div class="admonition failure checker-banner".*?</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", m.group(0)) if m else ""


@pytest.fixture
def served_copy(tmp_path):
    """A copy of the repository with a planted checker error, served by `mkdocs serve`."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    chapter = repo / "docs" / f"{PAGE}.md"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original.rstrip("\n") + "\n\n" + PLANTED + "\n", encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").split("\n").index(PLANTED) + 1
    served = _start(repo)
    try:
        yield served.url + PAGE + "/", chapter, original, line, served
    finally:
        served.stop()


def test_banner_lists_the_pages_problems_and_goes_when_fixed(browser, served_copy):
    url, chapter, original, line, served = served_copy
    page = browser.new_page()
    try:
        page.goto(url)
        banner = page.locator(".checker-banner")
        assert banner.count() == 1 and banner.is_visible()
        text = banner.inner_text()
        assert f"docs/chapters/policing.md:{line}:" in text, text
        assert "SRC003" in text and '"1985"' in text, text
        assert "The grounding checker found" in text, text
        # only this page's problems (and corpus ones): none of another chapter's
        assert "docs/chapters/asean.md" not in text
        assert "docs/chapters/policing.id.md" not in text     # nor of its Indonesian twin

        chapter.write_text(original, encoding="utf-8")       # the fix

        def fixed() -> bool:
            page.reload()
            return page.locator(".checker-banner").count() == 0
        _wait_until(fixed, 180, "the rebuild after the fix", served)
        assert page.locator("h1").first.is_visible()          # the page itself is served
    finally:
        page.close()


# --------------------------------------------------------------------------- the Indonesian edition


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One served copy for the Indonesian tests; each puts back what it changed."""
    repo = tmp_path_factory.mktemp("serve-id") / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    served = _start(repo)
    try:
        yield served
    finally:
        served.stop()


def _title(path: Path) -> str:
    return re.search(r"^title:\s*(.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip()


def _mark(page):
    page.evaluate("window.__notReloaded = true")


def _wait_for_self_reload(page, what: str):
    """The page reloads by itself (mkdocs serve's live reload): the mark set on it is gone."""
    def gone() -> bool:
        try:
            page.wait_for_load_state("load")
            return page.evaluate("window.__notReloaded") is None
        except Exception:           # the page is between two documents
            return False
    _wait_until(gone, 60, what)


def _h1(page) -> str:
    return page.locator("article h1").first.inner_text().strip().rstrip("\u00b6").strip()


def _banner_items(page) -> list[str]:
    return page.locator(".checker-banner li").all_inner_texts()


def test_both_editions_are_served_and_the_switcher_keeps_the_page(browser, served):
    en_title = _title(served.repo / "docs" / f"{PAGE_ID}.md")
    id_title = _title(served.repo / "docs" / f"{PAGE_ID}.id.md")
    assert en_title != id_title
    page = browser.new_page()
    try:
        for path, lang in (("", "en"), ("id/", "id"), (f"{PAGE_ID}/", "en"),
                           (f"id/{PAGE_ID}/", "id")):
            response = page.goto(served.url + path)
            assert response.status == 200, path
            assert page.evaluate("document.documentElement.lang") == lang, path
        assert _h1(page) == id_title

        page.goto(served.url + f"{PAGE_ID}/")
        assert _h1(page) == en_title
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang='id']").click()
        page.wait_for_url(served.url + f"id/{PAGE_ID}/")
        assert page.evaluate("document.documentElement.lang") == "id"
        assert _h1(page) == id_title
        page.locator(".md-header__option .md-select").hover()
        page.locator("a.md-select__link[hreflang='en']").click()
        page.wait_for_url(served.url + f"{PAGE_ID}/")
        assert _h1(page) == en_title
    finally:
        page.close()


def test_indonesian_page_reloads_itself_and_its_banner_is_indonesian(browser, served):
    """A wrong locator in docs/chapters/definitions.id.md: the open /id/ page reloads by itself
    with a banner in Indonesian listing it at file:line (the English page's banner does not),
    and reloads again without it after the fix."""
    chapter = served.repo / "docs" / f"{PAGE_ID}.id.md"
    original = chapter.read_text(encoding="utf-8")
    assert GOOD_CITE in original
    line = original[:original.index(GOOD_CITE)].count("\n") + 1
    page = browser.new_page()
    try:
        page.goto(served.url + f"{PAGE_ID}/")
        english_before = _banner_items(page)
        page.goto(served.url + f"id/{PAGE_ID}/")
        before = _banner_items(page)          # whatever the copied docs/ has already
        assert not any(WRONG_CITE[2:-1] in item for item in before)

        _mark(page)
        served.edit(chapter, original.replace(GOOD_CITE, WRONG_CITE, 1))
        _wait_for_self_reload(page, "the Indonesian page to reload itself after the edit")
        banner = page.locator(".checker-banner")
        assert banner.count() == 1 and banner.is_visible()
        title = banner.locator(".admonition-title").inner_text()
        assert title.startswith(BANNER_ID) and "pratinjau" in title, title
        assert "problem" not in title and "banner" not in title, title
        assert page.evaluate("document.documentElement.lang") == "id"
        # the checker's messages are English, and marked so for screen readers
        assert banner.locator("ul").get_attribute("lang") == "en"
        planted = [i for i in _banner_items(page) if f"docs/{PAGE_ID}.id.md:{line}:" in i
                   and "SRC031" in i]
        assert planted and "9998-9999" in planted[0], _banner_items(page)

        page.goto(served.url + f"{PAGE_ID}/")               # the English twin: unchanged
        assert _banner_items(page) == english_before
        assert not any(".id.md" in item for item in _banner_items(page))

        page.goto(served.url + f"id/{PAGE_ID}/")
        _mark(page)
        served.edit(chapter, original)                       # the fix
        _wait_for_self_reload(page, "the Indonesian page to reload itself after the fix")
        assert _banner_items(page) == before
        if not before:
            assert page.locator(".checker-banner").count() == 0
    finally:
        page.close()
        if chapter.read_text(encoding="utf-8") != original:
            served.edit(chapter, original)



def test_fallback_page_of_id_gets_an_indonesian_banner_outside_its_english_text(browser, served):
    """/id/ shows an English page that has no twin yet with the note "Belum diterjemahkan" and
    its text in lang="en": the banner and the note stay outside that, in the edition's language."""
    new = served.repo / "docs" / f"{UNTRANSLATED}.md"
    page = browser.new_page()
    try:
        served.edit(new, "---\nsources: [chrsiti2025]\n---\n\n# Scratch\n\n" + PLANTED + "\n")
        response = page.goto(served.url + f"id/{UNTRANSLATED}/")
        assert response.status == 200
        banner = page.locator(".checker-banner")
        assert banner.count() == 1
        assert banner.locator(".admonition-title").inner_text().startswith(BANNER_ID)
        assert any(f"docs/{UNTRANSLATED}.md:" in i and "SRC003" in i for i in _banner_items(page))
        lang_of = "(el) => el.parentElement.closest('[lang]').lang"
        assert banner.evaluate(lang_of) == "id"
        note = page.locator(".admonition.note", has_text="Belum diterjemahkan")
        assert note.count() == 1 and note.evaluate(lang_of) == "id"
        assert page.locator("article h1").first.evaluate(lang_of) == "en"
    finally:
        page.close()
        n = served.builds()
        new.unlink()
        _wait_until(lambda: served.builds() > n, 300, "the rebuild after removing the page",
                    served)


def _break_bibliography(bib: Path) -> tuple[str, int]:
    """A brace opened twice in the first author field: the value runs into the next field."""
    original = bib.read_text(encoding="utf-8")
    m = re.search(r"\n([ \t]*author[ \t]*=[ \t]*)\{", original)
    assert m, "bibliography.bib has no author field to break"
    broken = original[:m.end()] + "{" + original[m.end():]
    return broken, original[:m.end()].count("\n") + 1


def _assert_one_bibliography_message(log: list[str], line: int):
    text = "\n".join(log)
    ours = [entry for entry in log if "SRC020" in entry]
    assert len(ours) == 1, "the malformed bibliography is not reported once:\n" + text
    assert f"bibliography.bib:{line}:" in ours[0] and "malformed bibliography" in ours[0], ours
    for noise in BIB_NOISE:
        assert noise not in text, f"{noise!r} in the log of the build:\n{text}"
    # every warning is the checker's own (a problem at file:line, its note, its summary)
    others = [entry for entry in log if entry.startswith("WARNING") and not re.match(
        r"WARNING -  (bibliography\.bib:|docs/|check_sources: |grounding checker: )", entry)]
    assert not others, others


def _assert_bibliography_banner(served: Served, line: int):
    for path, title in ((f"{PAGE_ID}/", "The grounding checker found"),
                        (f"id/{PAGE_ID}/", BANNER_ID), ("references/", "The grounding checker"),
                        ("id/references/", BANNER_ID)):
        status, html = _get(served.url + path)
        assert status == 200, path
        banner = _banner(html)
        assert title in banner and f"bibliography.bib:{line}:" in banner and "SRC020" in banner, \
            (path, banner)
        assert "[@" not in html, f"{path}: a citation was left unrendered"


def _assert_real_bibliography(served: Served):
    for path in (f"{PAGE_ID}/", f"id/{PAGE_ID}/", "references/", "id/references/"):
        status, html = _get(served.url + path)
        assert status == 200, path
        assert "SRC020" not in _banner(html), path
        assert "could not be read" not in html, f"{path}: still the stand-in bibliography"
        if path.endswith("references/"):
            assert 'id="ref-pradityo2021"' in html and "Pradityo" in html, path


def test_malformed_bibliography_is_one_message_in_both_editions_and_recovers(served):
    bib = served.repo / "bibliography.bib"
    original = bib.read_text(encoding="utf-8")
    broken, line = _break_bibliography(bib)
    try:
        log = served.edit(bib, broken)
        _assert_one_bibliography_message(log, line)
        _assert_bibliography_banner(served, line)
        log = served.edit(bib, original)                          # the fix
        assert not any("SRC020" in entry for entry in log), log
        assert not any(noise in "\n".join(log) for noise in BIB_NOISE), log
        _assert_real_bibliography(served)
    finally:
        if bib.read_text(encoding="utf-8") != original:
            served.edit(bib, original)


def test_server_started_with_a_malformed_bibliography_serves_and_recovers(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    bib = repo / "bibliography.bib"
    original = bib.read_text(encoding="utf-8")
    broken, line = _break_bibliography(bib)
    bib.write_text(broken, encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    served = _start(repo, TMPDIR=str(tmp))
    try:
        _assert_one_bibliography_message(list(served.lines), line)
        _assert_bibliography_banner(served, line)
        assert [p.name for p in tmp.glob("primer-bibliography-stand-in-*/*")] == \
            ["bibliography.bib"], "the stand-in bibliography is not where serve keeps it"
        served.edit(bib, original)
        _assert_real_bibliography(served)
    finally:
        served.stop()
    # the stand-in goes with the server (it used to stay in /tmp, one file per repository)
    assert not list(tmp.glob("primer-bibliography-stand-in-*")), list(tmp.iterdir())

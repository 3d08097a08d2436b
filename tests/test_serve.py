"""`make serve` (mkdocs serve --no-strict): each previewed page shows the grounding checker's
problems for that page in a banner at its top, and the banner goes when the file is fixed and
the server has rebuilt, without restarting the server."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, build_env

pytestmark = pytest.mark.browser

PAGE = "chapters/policing"
PLANTED = "ASEANAPOL was founded in 1985 [@chrsiti2025, line 55]."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(predicate, timeout: float, what: str, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({proc.returncode}) while waiting for {what}:\n"
                        + proc.stdout.read())
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture
def served_copy(tmp_path):
    """A copy of the repository with a planted checker error, served by `mkdocs serve`."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".venv", "site", "dist", ".git", "__pycache__", ".pytest_cache", "node_modules", "tmp"))
    chapter = repo / "docs" / f"{PAGE}.md"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original.rstrip("\n") + "\n\n" + PLANTED + "\n", encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").split("\n").index(PLANTED) + 1
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-strict",
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=repo, env=build_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/{PAGE}/"
    try:
        _wait_until(lambda: _up(url), 180, "the first build", proc)
        yield url, chapter, original, line, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_banner_lists_the_pages_problems_and_goes_when_fixed(browser, served_copy):
    url, chapter, original, line, proc = served_copy
    page = browser.new_page()
    try:
        page.goto(url)
        banner = page.locator(".checker-banner")
        assert banner.count() == 1 and banner.is_visible()
        text = banner.inner_text()
        assert f"docs/chapters/policing.md:{line}:" in text, text
        assert "SRC003" in text and '"1985"' in text, text
        # only this page's problems (and corpus ones): none of another chapter's
        assert "docs/chapters/asean.md" not in text

        chapter.write_text(original, encoding="utf-8")       # the fix

        def fixed() -> bool:
            page.reload()
            return page.locator(".checker-banner").count() == 0
        _wait_until(fixed, 180, "the rebuild after the fix", proc)
        assert page.locator("h1").first.is_visible()          # the page itself is served
    finally:
        page.close()

"""Shared fixtures: the repository root, and one strict build of the site per test session."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _chapters_from_nav() -> list:
    """The chapters in reading order, read from the one chapter list: the nav in mkdocs.yml."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    section = next(item["Chapters"] for item in nav if isinstance(item, dict) and "Chapters" in item)
    paths = [x if isinstance(x, str) else next(iter(x.values())) for x in section]
    return [p[len("chapters/"):-len(".md")] for p in paths]


# The chapters, in reading order (docs/chapters/<name>.md), as the nav lists them.
CHAPTERS = _chapters_from_nav()
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def build_env(**extra) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` of the real docs into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, env=build_env(), capture_output=True, text=True)
    assert proc.returncode == 0, f"strict build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


# --------------------------------------------------------------------------- served site

import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402
import types  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; remembers every (path, status) so tests can spot 404s."""

    log: list[tuple[str, int]] = []

    def log_request(self, code="-", size="-"):
        try:
            self.log.append((self.path, int(code)))
        except (TypeError, ValueError):
            pass

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """The strict build served over HTTP on 127.0.0.1, on a free port, for the session.

    Yields an object with `.url` (ending in '/'), `.host` ('127.0.0.1:port'), `.root` (the
    built site) and `.log` (list of (path, status) the server answered)."""
    handler = type("Handler", (_QuietHandler,), {"log": []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    try:
        yield types.SimpleNamespace(url=f"http://{host}/", host=host, root=built_site,
                                    log=handler.log)
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- training editions
# The print edition, built as `make pdf` builds it, once per session; tests/test_pdf.py checks
# it and tests/test_offline.py puts it inside the offline bundle.

EDITION_EPOCH = "1700000000"          # SOURCE_DATE_EPOCH of the test builds: 2023-11-14 22:13 UTC


@pytest.fixture(scope="session")
def pdf_edition(tmp_path_factory) -> Path:
    """`ENABLE_PDF_EXPORT=1 mkdocs build --strict` into a temporary folder; returns the PDF."""
    root = tmp_path_factory.mktemp("pdf-edition")
    (root / "dist").mkdir()           # empty: no earlier edition is copied into this build
    env = build_env(ENABLE_PDF_EXPORT="1", OFFLINE="false", SOURCE_DATE_EPOCH=EDITION_EPOCH,
                    PRIMER_DIST_DIR=str(root / "dist"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "-d", str(root / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"PDF build failed:\n{proc.stdout}\n{proc.stderr}"
    pdf = root / "site" / "primer.pdf"
    assert pdf.is_file(), f"the PDF build wrote no {pdf}:\n{proc.stderr}"
    return pdf


# --------------------------------------------------------------------------- headless Chromium

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root in a closed network: no sandbox, and no background requests to Google's hosts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def files_only(context) -> list:
    """Let a browser context load file:// URLs only: every other request is aborted and its
    URL added to the list returned (what a page of the offline edition tried to fetch)."""
    attempted: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return attempted


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used).
    A missing Chromium fails the tests that need it; they are never skipped."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium "
                    f"(apt-get install chromium) or set CHROMIUM=/path/to/chromium. "
                    f"The browser tests are part of `make test` and are never skipped.")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()

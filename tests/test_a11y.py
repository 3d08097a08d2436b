"""Accessibility as an external judge sees it: pa11y-ci (pa11y with HTML_CodeSniffer, WCAG2AA),
pinned in tests/tools and run offline on every built page, served over HTTP, in Debian's
Chromium (/usr/bin/chromium; Puppeteer's own browser download is not used). It must report 0
errors (the theme markup it flagged is fixed in scripts/hooks/lean_output.py). The axe-core
checks of the same pages, with search, drawer and dark mode, are in tests/test_browser.py.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import CHROMIUM, ROOT

pytestmark = pytest.mark.browser

PA11Y_CI = ROOT / "tests" / "tools" / "node_modules" / ".bin" / "pa11y-ci"


def test_pa11y_wcag2aa_finds_no_errors_on_any_page(site_server, tmp_path):
    assert PA11Y_CI.is_file(), "pa11y-ci missing: run `make test` (npm ci in tests/tools)"
    assert os.path.exists(CHROMIUM), f"pa11y needs Chromium at {CHROMIUM} (apt-get install chromium)"
    pages = sorted(p.relative_to(site_server.root).as_posix()
                   for p in site_server.root.rglob("*.html"))
    assert len(pages) > 20
    urls = [site_server.url + (p[:-len("index.html")] if p.endswith("index.html") else p)
            for p in pages]
    config = tmp_path / "pa11y-ci.json"
    config.write_text(json.dumps({
        "defaults": {
            "standard": "WCAG2AA",
            "timeout": 120_000,
            "chromeLaunchConfig": {
                "executablePath": CHROMIUM,
                # as root in a closed network (the same flags as conftest.CHROMIUM_ARGS)
                "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run"],
            },
        },
        "concurrency": 2,
        "urls": urls,
    }), encoding="utf-8")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "HOME": str(tmp_path)}
    proc = subprocess.run([str(PA11Y_CI), "--config", str(config), "--json"],
                          capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path)
    assert proc.stdout.strip(), f"pa11y-ci wrote no report (exit {proc.returncode}):\n{proc.stderr}"
    report = json.loads(proc.stdout)
    assert report["total"] == len(urls), (report["total"], len(urls), proc.stderr[-2000:])
    problems = [f"{url.removeprefix(site_server.url) or '/'}: {issue.get('code', '')} "
                f"{issue.get('selector', '')}: {issue.get('message', '')}"
                for url, issues in report["results"].items() for issue in issues]
    assert not problems and report["errors"] == 0, (
        f"{len(problems)} pa11y errors:\n" + "\n".join(problems[:20]))
    assert proc.returncode == 0, proc.stderr[-2000:]


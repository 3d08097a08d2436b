"""What a reader's browser is sent: valid markup (judged by the W3C Nu HTML Checker, run offline
from the npm package vnu-jar in tests/tools) and nothing it never uses."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html_for_the_nu_checker(built_site):
    assert shutil.which("java"), "the Nu HTML Checker needs a Java runtime (see the README)"
    assert VNU.is_file(), "vnu.jar missing: run `make tools` (npm ci in tests/tools)"
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                           "--skip-non-html", str(built_site)], capture_output=True, text=True,
                          timeout=600)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site')[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    pages = len(list(built_site.rglob("*.html")))
    assert pages > 20
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(errors[:20])


def test_hosted_pages_load_no_offline_shim_and_ship_no_unused_files(built_site):
    for page in built_site.rglob("*.html"):
        assert "iframe-worker-shim" not in page.read_text(encoding="utf-8"), page
    assert not list(built_site.rglob("*.map")), "source maps are deployed"
    lunr = built_site / "assets" / "javascripts" / "lunr"
    assert not list(lunr.rglob("*.js")), "lunr language packs deployed for an English-only search"


@pytest.mark.parametrize("page", ["index.html", "glossary/index.html"])
def test_search_dialog_has_a_name_and_abbreviations_keep_their_expansions(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Search"' in html
    assert '<abbr title="' in html or page == "index.html"


def test_markup_fixes_keep_material_forms_and_drop_the_unnamed_toc_toggle(built_site):
    """What the pa11y fixes (tests/test_a11y.py) write: the forms Material's JavaScript needs
    are still forms, each with one hidden disabled submit button; a page without a table of
    contents has no toggle."""
    for page in ["index.html", "glossary/index.html", "references/index.html", "404.html"]:
        html = (built_site / page).read_text(encoding="utf-8")
        assert '<form class="md-search__form" name="search">' in html, page
        assert html.count('<button type="submit" disabled hidden>') == 2, page
        toggle = 'type="checkbox" id="__toc"'
        assert (toggle in html) == ('for="__toc"' in html), page
    refs = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert 'id="__toc"' not in refs   # the references page has no ## headings

"""Ship only what a reader's browser uses (issue: fast on a phone).

- The iframe-worker shim (config `extra.polyfills`) lets Material's search run from file://;
  only the offline edition (OFFLINE=true) is opened that way, so the hosted site and the PDF
  build drop it from every page, where it was a render-blocking script.
- Valid markup: Material 9.8's templates (in maintenance mode, so no fix upstream) write two
  kinds of markup the Nu HTML Checker rejects on every page, and a search dialog without an
  accessible name. `on_post_page` rewrites exactly those strings (known, literal template
  output, so a string replacement is exact; an HTML parser would re-serialise the whole page).
  Each replacement is asserted: if a Material update changes the markup, the build says so
  instead of silently shipping invalid pages again.
- pa11y (HTML_CodeSniffer, WCAG2AA) on the same pages: the search and palette forms have no
  submit button (H32.2) because they are never submitted: Material's JavaScript claims Enter in
  the search field and reacts to the palette's radio changes. Each gets a hidden, *disabled*
  submit button, which says so in markup: a form whose default button is disabled is not
  submitted by Enter (HTML, "implicit submission"), with or without JavaScript. In Chromium,
  Enter in the search field still opens the best result and the palette still toggles (tested
  in tests/test_browser.py). The forms stay forms (Material finds `document.forms.search` and
  listens to its reset event).
  Material also writes the table-of-contents toggle `#__toc` without its label on a page with
  no `##` heading (nothing to toggle): that unnamed checkbox is dropped.
- After the build, delete what no page loads: source maps (1.3 MB) and the lunr language
  packs of languages the search plugin is not configured for (about 0.9 MB). Material's search
  worker imports `lunr/min/lunr.<lang>.min.js` for each configured language other than "en",
  plus `lunr.stemmer.support` (any such language) and `lunr.multi` (more than one language),
  `tinyseg.js` (ja) and `wordcut.js` (hi, th); everything else under `lunr/` is unused.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.lean_output")


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


def on_config(config, **kwargs):
    if not _offline(config):
        config.extra["polyfills"] = []
    return config


def _lunr_needed(langs: list[str]) -> set[str]:
    other = [lang for lang in langs if lang != "en"]
    keep = {f"min/lunr.{lang}.min.js" for lang in other}
    if other:
        keep.add("min/lunr.stemmer.support.min.js")
    if len(langs) > 1:
        keep.add("min/lunr.multi.min.js")
    if "ja" in langs:
        keep.add("tinyseg.js")
    if {"hi", "th"} & set(langs):
        keep.add("wordcut.js")
    return keep


# (what Material writes, what it becomes, why)
MARKUP_FIXES = [
    # nav section labels get tabindex="" ("0" only for non-sections): an empty tabindex is not
    # an integer. No tabindex is what Material means for a section label.
    (' tabindex=""', "", "empty tabindex on nav labels"),
    # `autocomplete` is not allowed on checkboxes (Material sets it so that Firefox does not
    # restore the drawer/search state on reload; the state is reset by Material's JS anyway).
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">',
     "autocomplete on the drawer toggle"),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">',
     "autocomplete on the search toggle"),
    # the search dialog needs an accessible name (Lighthouse aria-dialog-name, axe)
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
     "search dialog without a name"),
]
_REQUIRED = {"autocomplete on the drawer toggle", "autocomplete on the search toggle",
             "search dialog without a name"}

# Forms that are never submitted: (their start tag as Material writes it, the button that goes
# before their end tag). `disabled` blocks implicit submission; `hidden` keeps it out of sight
# and out of the accessibility tree.
NO_SUBMIT_FORMS = [
    ('<form class="md-search__form" name="search">',
     '<button type="submit" disabled hidden>Search</button>'),
    ('<form class="md-header__option" data-md-component="palette">',
     '<button type="submit" disabled hidden>Change colours</button>'),
]
# the table-of-contents toggle; its label (for="__toc") is written only when there is a toc
TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'


def _fail(what: str):
    from mkdocs.exceptions import PluginError
    raise PluginError(f"scripts/hooks/lean_output.py: Material no longer writes the markup "
                      f"fixed for '{what}'; check the fixes against the theme")


def _close_form(output: str, start_tag: str, button: str, required: bool) -> str:
    """Put `button` just before the end tag of the form that `start_tag` opens (exact: the
    form holds no other form, so its end tag is the first `</form>` after the start tag)."""
    start = output.find(start_tag)
    if start < 0:
        if required:
            _fail(f"form without submit button: {start_tag}")
        return output
    end = output.find("</form>", start)
    if end < 0 or "<form" in output[start + len(start_tag):end] or button in output[start:end]:
        _fail(f"form without submit button: {start_tag}")
    return output[:end] + button + output[end:]


def fix_markup(output: str, strict: bool = True) -> str:
    """Every fix above, applied to one page. `strict`: a fix Material's page template always
    needs must find its markup (the 404 template is checked more leniently)."""
    page = strict and "md-search" in output
    for old, new, what in MARKUP_FIXES:
        if old in output:
            output = output.replace(old, new)
        elif what in _REQUIRED and page:
            _fail(what)
    for start_tag, button in NO_SUBMIT_FORMS:
        output = _close_form(output, start_tag, button, required=page)
    if TOC_TOGGLE in output and 'for="__toc"' not in output:
        if output.count(TOC_TOGGLE) != 1:
            _fail("table-of-contents toggle without a label")
        output = output.replace(TOC_TOGGLE, "")
    return output


def on_post_page(output, page, config, **kwargs):
    return fix_markup(output)


def on_post_template(output_content, template_name, config, **kwargs):
    """The 404 page is a static template, not a page: the same fixes apply."""
    if template_name.endswith(".html"):
        output_content = fix_markup(output_content, strict=False)
    return output_content


@event_priority(-50)   # after the offline plugin and mkdocs-to-pdf have written their files
def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    removed = 0
    for path in site.rglob("*.map"):
        path.unlink()
        removed += 1
    search = config.plugins.get("material/search") or config.plugins.get("search")
    langs = list((search.config.lang if search is not None else None) or ["en"])
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        keep = _lunr_needed(langs)
        for path in sorted(lunr.rglob("*.js")):
            if path.relative_to(lunr).as_posix() not in keep:
                path.unlink()
                removed += 1
    log.debug("lean output: removed %d unused files", removed)

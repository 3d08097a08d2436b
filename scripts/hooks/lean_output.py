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


def on_post_page(output, page, config, **kwargs):
    for old, new, what in MARKUP_FIXES:
        if old in output:
            output = output.replace(old, new)
        elif what in _REQUIRED and "md-search" in output:
            from mkdocs.exceptions import PluginError
            raise PluginError(f"scripts/hooks/lean_output.py: Material no longer writes the "
                              f"markup fixed for '{what}'; check MARKUP_FIXES against the theme")
    return output


def on_post_template(output_content, template_name, config, **kwargs):
    """The 404 page is a static template, not a page: the same fixes apply."""
    if template_name.endswith(".html"):
        for old, new, _ in MARKUP_FIXES:
            output_content = output_content.replace(old, new)
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

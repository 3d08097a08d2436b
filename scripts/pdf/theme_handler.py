"""mkdocs-to-pdf theme handler for the primer's print edition.

The built-in Material handler adds screen-oriented CSS and JavaScript polyfills and a PDF
button in every page's header. The print edition uses its own stylesheet instead
(scripts/pdf/styles.scss, compiled by mkdocs-to-pdf because `custom_template_path` points
here), renders no JavaScript, and links the PDF from the downloads page, so this handler
contributes nothing.
"""
from __future__ import annotations


def get_stylesheet(_debug_html: bool) -> str:
    return ""


def get_script_sources() -> list[str]:
    return []


def inject_link(html: str, _href: str, _page, _logger) -> str:
    return html

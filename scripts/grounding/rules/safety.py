"""Safe-content rules: raw HTML only from a short allow-list, no script URLs, no remote images.

The allow-list was decided from docs/ (``grep -rn '<[a-z]' docs``): the pages use ``<br>``
(glossary, inside table cells) and HTML comments (placeholders such as
``<!-- provenance-report -->``), nothing else. Every tag and attribute is read with the
standard library's HTML parser (not a regular expression), from the raw HTML blocks and
inline tags that the one Markdown parse found outside code.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from . import Rule, check

ALLOWED_TAGS = {"br": set()}          # tag -> allowed attributes
ATTR_LIST_ALLOWED = {"id", "class"}  # attr_list: `{ #id .class }` only

HTML_NOT_ALLOWED = Rule(
    "SRC008", "raw HTML only from the allow-list", "page",
    "{what} is not allowed in a page", "{hint}",
    what="Pages are Markdown. The only raw HTML allowed is `<br>` (without attributes) and "
         "comments `<!-- ... -->`. Any other tag (`<script>`, `<iframe>`, `<img>`, `<svg>`, "
         "`<style>`, `<a>`...), any attribute on an allowed tag (event handlers `on...=` "
         "included) and any attribute set with attr_list syntax other than `#id` and `.class` "
         "(`{ onclick=\"...\" }`, `{ style=\"...\" }`) is an error.",
    why="The site is published and used offline in training rooms: a page must not run code, "
        "load anything from elsewhere, or track its readers.",
    fix="Remove it. Use Markdown for links, emphasis and tables; put images in `docs/assets/` "
        "and link them with a relative path.",
    replaces="SRC008 (tags, event handlers)", topic="safety")

UNSAFE_URL = Rule(
    "SRC009", "links use safe URLs", "page",
    "{scheme}: URL in a {kind}", "link to http(s) pages or to pages of the site only",
    what="No link or image points to a `javascript:`, `vbscript:`, `data:` or `file:` URL "
         "(entity-encoded or mixed-case forms included).",
    why="Such a URL runs code or embeds content when clicked.",
    fix="Link to an ordinary web page or a page of the site.",
    replaces="SRC008 (javascript: URL)", topic="safety")

REMOTE_IMAGE = Rule(
    "SRC019", "images are local", "page",
    "image loaded from another website ({url})",
    "put the image in docs/assets/ and link it with a relative path",
    what="Images are files in `docs/assets/`, linked with a relative path.",
    why="A remote image tracks every reader and breaks the offline edition.",
    fix="Download the image (if its licence allows), put it in `docs/assets/`, link it "
        "relatively.", replaces="SRC008 (remote image)", topic="safety")

_BAD_SCHEMES = ("javascript", "vbscript", "data", "file")
_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*)")
_REF_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\[([^\]]*)\]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):[^<>\s]*>")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_ATTR_TOKEN = re.compile(r"""\s*(?:([#.][\w:-]+)|([^\s=#."']+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+))""")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it (entities decoded, control characters and
    white space removed, lower case), or ""."""
    u = _CONTROL.sub("", html.unescape(url.strip("<>")))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", u)
    return m.group(1).lower() if m else ""


def is_remote(url: str) -> bool:
    u = _CONTROL.sub("", html.unescape(url.strip("<>"))).lower()
    return u.startswith("//") or url_scheme(u) in ("http", "https", "ftp")


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list = []         # (lineno, offset, problem)

    def _tag(self, tag, attrs):
        line, off = self.getpos()
        allowed = ALLOWED_TAGS.get(tag)
        if allowed is None:
            self.found.append((line, off, f"raw <{tag}> tag"))
            return
        for name, value in attrs:
            if name not in allowed:
                what = ("inline event handler" if name.startswith("on") else "attribute")
                self.found.append((line, off, f"{what} '{name}' on <{tag}>"))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_endtag(self, tag):
        pass                       # the start tag is reported; an end tag alone does nothing

    def handle_decl(self, decl):
        self.found.append((*self.getpos(), f"declaration <!{decl.split()[0] if decl else ''}>"))

    def unknown_decl(self, data):
        self.found.append((*self.getpos(), "CDATA section"))

    def handle_pi(self, data):
        self.found.append((*self.getpos(), "processing instruction <?...>"))


def read_html(fragment: str) -> list:
    """(line, col, problem) for each disallowed thing in an HTML fragment (1-based, relative)."""
    reader = _TagReader()
    try:
        reader.feed(fragment)
        reader.close()
    except Exception:                                   # pragma: no cover - defensive
        return [(1, 1, "unreadable HTML")]
    out = []
    seen = set()
    for line, off, problem in reader.found:
        if (line, off) not in seen:                     # one report per tag
            seen.add((line, off))
            out.append((line, off + 1, problem))
    return out


@check(HTML_NOT_ALLOWED, UNSAFE_URL, REMOTE_IMAGE)
def safe_content(page):
    hint = "pages are Markdown only: remove it (images go in docs/assets/ and are linked locally)"
    for chunk in page.doc.html:
        if chunk.text.startswith("<!--"):
            continue
        for line, col, problem in read_html(chunk.text):
            page.report(HTML_NOT_ALLOWED, chunk.line + line - 1,
                        (chunk.col + col - 1) if line == 1 else col, what=problem, hint=hint)
    refs = page.doc.references
    for label, ref in refs.items():
        scheme = url_scheme(ref["href"])
        if scheme in _BAD_SCHEMES:
            page.report(UNSAFE_URL, ref["line"], 1, scheme=scheme, kind="link definition")
    for block in page.doc.blocks:
        text = page.masked(block)
        if "](" in text or "<" in text:
            for m in _LINK.finditer(text):
                url = m.group(2)
                line, col = block.position(m.start())
                scheme = url_scheme(url)
                if scheme in _BAD_SCHEMES:
                    page.report(UNSAFE_URL, line, col, scheme=scheme,
                                kind="image" if m.group(1) else "link")
                elif m.group(1) and is_remote(url):
                    page.report(REMOTE_IMAGE, line, col, url=url.strip("<>"))
            for m in _AUTOLINK.finditer(text):
                if m.group(1).lower() in _BAD_SCHEMES:
                    line, col = block.position(m.start())
                    page.report(UNSAFE_URL, line, col, scheme=m.group(1).lower(), kind="link")
        if "![" in text:
            for m in _REF_IMAGE.finditer(text):
                ref = refs.get(_norm_label(m.group(1)))
                if ref and is_remote(ref["href"]):
                    line, col = block.position(m.start())
                    page.report(REMOTE_IMAGE, line, col, url=ref["href"])
        if "{" in text:
            for m in _ATTR_LIST.finditer(text):
                _attr_list(page, block, m)


def _norm_label(label: str) -> str:
    return " ".join(label.split()).upper()


def _attr_list(page, block, m) -> None:
    """Python-Markdown's attr_list: `{: #id .class key="value" }` sets HTML attributes."""
    body = m.group(1)
    if "=" not in body:
        return
    pos, tokens = 0, []
    while pos < len(body):
        t = _ATTR_TOKEN.match(body, pos)
        if not t or t.end() == pos:
            return                                  # not an attribute list: plain text
        tokens.append(t)
        pos = t.end()
    line, col = block.position(m.start())
    for t in tokens:
        name = t.group(2)
        if name and name.lower() not in ATTR_LIST_ALLOWED:
            what = ("inline event handler" if name.lower().startswith("on") else "attribute")
            page.report(HTML_NOT_ALLOWED, line, col,
                        what=f"{what} '{name}' set with attr_list syntax",
                        hint="attribute lists may set only #id and .class")

"""Package an offline build of the site (`OFFLINE=true mkdocs build`) as a zip.

    python scripts/offline_bundle.py SITE_DIR ZIP_PATH

Before writing the zip it checks that the build works from file:// without a network:
no page, stylesheet or inline style loads anything (script, style, font, image, frame...)
from another host, the offline search index and the local iframe-worker shim are present,
and no page still uses directory URLs. Any problem is listed and the exit status is 1.

The zip holds one folder, `primer-offline/`, with `index.html` at its top. It is
reproducible: entries are sorted and dated from SOURCE_DATE_EPOCH (or 1980-01-01).
"""
from __future__ import annotations

import os
import re
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "primer-offline"
REQUIRED = ["index.html", "search/search_index.js", "assets/javascripts/iframe-worker-shim.js"]

# Attributes through which a page loads something by itself (not links the reader follows).
RESOURCE_ATTRS = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"],
    "iframe": ["src"], "frame": ["src"], "embed": ["src"], "object": ["data"],
    "video": ["src", "poster"], "audio": ["src"], "track": ["src"], "input": ["src"],
    "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest",
                "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
LOCAL_SCHEMES = ("data:", "blob:", "about:", "#")


def is_external(url: str) -> bool:
    url = url.strip()
    if not url or url.startswith(LOCAL_SCHEMES):
        return False
    return url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) is not None


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.links: list[str] = []
        self._style = False
        self.css: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for name in RESOURCE_ATTRS.get(tag, []):
            if name in a:
                for part in a[name].split(","):
                    if part.strip():
                        self.resources.append(part.strip().split()[0])
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            (self.resources if rels & LOADING_RELS else self.links).append(a["href"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "style" in a:
            self.css.append(a["style"])
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.css.append(data)


def check(site: Path) -> list[str]:
    problems = [f"missing {name}" for name in REQUIRED if not (site / name).is_file()]
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            css = "\n".join(parser.css)
            refs = parser.resources + [m.group(1) or m.group(2) for m in CSS_URL.finditer(css)]
            problems += [f"{rel}: loads {u}" for u in refs if is_external(u)]
            for href in parser.links:
                target = href.split("#", 1)[0].split("?", 1)[0]
                if target and not is_external(target) and target.endswith("/"):
                    problems.append(f"{rel}: directory URL {href} does not open from file://")
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += [f"{rel}: loads {m.group(1) or m.group(2)}"
                         for m in CSS_URL.finditer(text) if is_external(m.group(1) or m.group(2))]
    return problems


def write_zip(site: Path, target: Path, epoch: int | None = None) -> int:
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    stamp = time.gmtime(max(epoch, 315532800))[:6]      # zip dates start in 1980
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.part")
    count = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site).as_posix()}", stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
            count += 1
    tmp.replace(target)
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site, target = Path(argv[1]), Path(argv[2])
    problems = check(site)
    if problems:
        print(f"offline bundle: {len(problems)} problem(s) in {site}:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    count = write_zip(site, target)
    print(f"offline bundle: {target} ({count} files, {target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

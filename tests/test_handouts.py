"""The handouts (`make handouts`): one A4 PDF per chapter and one of the trainers' summary,
written by the same build as the print edition (`pdf_edition` in conftest.py) into
<site>/handouts/, and published with the site under assets/downloads/handouts/.

What a trainer needs from a chapter handout: the cover line (title and edition), the chapter
with its objectives, key points and exercises, its citations with their line locators and
"Sources cited in this chapter", and nothing from the other chapters.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest

from conftest import CHAPTERS, ROOT, build_env
from test_pdf import EDITION_DATE, front_matter, squash

pytestmark = pytest.mark.pdf

BOOK = "Human Trafficking in Indonesia and ASEAN: A Primer"
HANDOUTS = CHAPTERS + ["summary"]


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages)


@pytest.fixture(scope="module")
def handouts(pdf_edition) -> dict[str, Path]:
    folder = pdf_edition.parent / "handouts"
    return {name: folder / f"{name}.pdf" for name in HANDOUTS}


@pytest.fixture(scope="module")
def texts(handouts) -> dict[str, str]:
    return {name: _text(path) for name, path in handouts.items() if path.is_file()}


def _source(name: str) -> Path:
    return ROOT / "docs" / ("chapters" if name in CHAPTERS else "") / f"{name}.md"


def test_one_handout_per_chapter_and_the_summary(handouts):
    folder = next(iter(handouts.values())).parent
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(f"{n}.pdf" for n in HANDOUTS)


@pytest.mark.parametrize("name", HANDOUTS)
def test_handout_is_a4_tagged_and_titled(handouts, name):
    path = handouts[name]
    reader = pypdf.PdfReader(str(path))
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1, (name, number)
    root = reader.trailer["/Root"]
    assert bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root, name
    assert root.get("/Lang") == "en"
    title = str(front_matter(_source(name)).get("title"))
    assert title in (reader.metadata.title or ""), reader.metadata.title
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), info
    assert "(A4)" in info, info


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_handout_has_its_teaching_parts_citations_and_sources(texts, name):
    text = texts[name]
    meta = front_matter(_source(name))
    number = CHAPTERS.index(name) + 1
    first = text.split("\n", 40)
    # cover line: the book's title, the chapter number and the edition
    head = squash("\n".join(first[:6]))
    assert squash(BOOK) in head and squash(f"Chapter {number} handout") in head, first[:6]
    assert re.search(rf"Edition {EDITION_DATE} \([\w.+-]+\)", text), text[:400]
    flat = squash(text)
    assert squash(meta["title"]) in flat
    for objective in meta.get("objectives") or []:
        assert squash(objective) in flat, objective
    upper = text.upper()
    for box in ["LEARNING OBJECTIVES", "KEY POINTS", "DISCUSSION QUESTIONS",
                "SOURCES CITED IN THIS CHAPTER"]:
        assert box in upper, (name, box)
    assert re.search(r"lines? \d+", text), "citations print their line locators"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_handout_has_nothing_from_other_chapters(texts, name):
    flat = squash(texts[name])
    for other in CHAPTERS:
        if other == name:
            continue
        meta = front_matter(_source(other))
        # another chapter's objectives or summary would mean its text came along
        for objective in meta.get("objectives") or []:
            assert squash(objective) not in flat, (name, other, objective)
        assert squash(meta["summary"]) not in flat, (name, other)
    for back in ["Glossary", "References", "Contents"]:
        assert not re.search(rf"^{back}$", texts[name], re.M), (name, back)


def test_summary_handout_is_one_page_with_its_sources(handouts, texts):
    reader = pypdf.PdfReader(str(handouts["summary"]))
    assert len(reader.pages) == 1, f"the trainers' summary takes {len(reader.pages)} pages"
    text = texts["summary"]
    for needle in ["Act", "Means", "Purpose", "Article 1 points 1 and 7", "ACTIP", "ASEANAPOL",
                   "Gugus Tugas", "Sources cited on this page"]:
        assert needle in text, needle
    assert re.search(r"lines \d+[–-]\d+", text)


def test_site_publishes_handouts_and_chapters_link_them(handouts, tmp_path):
    """A site built next to the handouts (PRIMER_DIST_DIR/handouts, as `make handouts` leaves
    them) publishes each and links it from its page; without them, no link is shown."""
    import shutil
    import sys
    dist = tmp_path / "dist"
    (dist / "handouts").mkdir(parents=True)
    for path in handouts.values():
        shutil.copy(path, dist / "handouts" / path.name)
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, env=build_env(PRIMER_DIST_DIR=str(dist)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in HANDOUTS:
        assert (site / "assets" / "downloads" / "handouts" / f"{name}.pdf").is_file(), name
        page = site / ("chapters" if name in CHAPTERS else "") / name / "index.html"
        html = page.read_text(encoding="utf-8")
        label = "Print this chapter" if name in CHAPTERS else "Print this page"
        assert label in html, name
        assert f"assets/downloads/handouts/{name}.pdf" in html, name
    downloads = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert downloads.count("assets/downloads/handouts/") >= len(HANDOUTS)


def test_no_handout_link_without_the_handouts(built_site):
    html = (built_site / "chapters" / CHAPTERS[0] / "index.html").read_text(encoding="utf-8")
    assert "Print this chapter" not in html

"""The handouts (`make handouts`): one A4 PDF per chapter and one of the trainers' summary,
written by the same build as the print edition (`pdf_edition` in conftest.py) into
<site>/handouts/, and published with the site under assets/downloads/handouts/. The Indonesian
edition's, from the Indonesian book (dist/primer-id.pdf), are in handouts/id/ and published
under assets/downloads/handouts/id/; the pages of /id/ link them.

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
BOOK_ID = "Perdagangan Orang di Indonesia dan ASEAN: Sebuah Pengantar"
HANDOUTS = CHAPTERS + ["summary"]
LANGS = ["en", "id"]
SUBFOLDER = {"en": "", "id": "id/"}       # <site>/handouts/<sub><name>.pdf
# The cover line, the boxes every chapter prints and the sources list, in each edition.
WORDS = {
    "en": {"book": BOOK, "kind": "Chapter {n} handout", "edition": "Edition",
           "boxes": ["LEARNING OBJECTIVES", "KEY POINTS", "DISCUSSION QUESTIONS",
                     "SOURCES CITED IN THIS CHAPTER"], "lines": r"lines? \d+",
           "back": ["Glossary", "References", "Contents"]},
    "id": {"book": BOOK_ID, "kind": "Bahan ajar Bab {n}", "edition": "Edisi",
           "boxes": ["TUJUAN PEMBELAJARAN", "POIN-POIN PENTING", "LATIHAN DAN DISKUSI",
                     "SUMBER YANG DIKUTIP DALAM BAB INI"], "lines": r"baris \d+",
           "back": ["Glosarium", "Daftar Pustaka", "Daftar Isi"]},
}
# English interface text that an Indonesian handout must not print (its own words above);
# "n.d." and "et al." only as the build writes them in a citation (the papers' own text,
# quoted, has them too).
ENGLISH_LEFT = [r"\bhandout\b", r"\bChapter \d", r"\bEdition \d", "Learning objectives",
                "Key points", "Discussion questions", "Sources cited", "Reading time",
                "Draws on", r"\blines? \d", r"\bn\.d\., (?:baris|lines?) \d",
                r"et al\., (?:\d{4}|n\.d\.|t\.t\.),"]


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages)


@pytest.fixture(scope="module")
def all_handouts(pdf_edition) -> dict[str, dict[str, Path]]:
    folder = pdf_edition.parent / "handouts"
    return {lang: {name: folder / f"{SUBFOLDER[lang]}{name}.pdf" for name in HANDOUTS}
            for lang in LANGS}


@pytest.fixture(scope="module")
def handouts(all_handouts) -> dict[str, Path]:
    return all_handouts["en"]


@pytest.fixture(scope="module")
def all_texts(all_handouts) -> dict[str, dict[str, str]]:
    return {lang: {name: _text(path) for name, path in files.items() if path.is_file()}
            for lang, files in all_handouts.items()}


@pytest.fixture(scope="module")
def texts(all_texts) -> dict[str, str]:
    return all_texts["en"]


def _source(name: str, lang: str = "en") -> Path:
    """docs/chapters/<name>.md, or its Indonesian twin <name>.id.md."""
    folder = ROOT / "docs" / ("chapters" if name in CHAPTERS else "")
    return folder / (f"{name}.md" if lang == "en" else f"{name}.{lang}.md")


@pytest.mark.parametrize("lang", LANGS)
def test_one_handout_per_chapter_and_the_summary(all_handouts, lang):
    folder = next(iter(all_handouts[lang].values())).parent
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(f"{n}.pdf" for n in HANDOUTS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", HANDOUTS)
def test_handout_is_a4_tagged_and_titled(all_handouts, lang, name):
    path = all_handouts[lang][name]
    reader = pypdf.PdfReader(str(path))
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1, (name, number)
    root = reader.trailer["/Root"]
    assert bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root, name
    assert root.get("/Lang") == lang
    title = str(front_matter(_source(name, lang)).get("title"))
    assert title in (reader.metadata.title or ""), reader.metadata.title
    assert WORDS[lang]["book"] in (reader.metadata.title or ""), reader.metadata.title
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), info
    assert re.search(r"^Metadata Stream:\s+yes", info, re.M), info
    assert "(A4)" in info, info
    # a chapter is a chapter, not a page of it nor the book (the English ones take 11-13)
    pages = len(reader.pages)
    assert pages == 1 if name == "summary" else 5 <= pages <= 25, (lang, name, pages)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", HANDOUTS)
def test_handout_links_stay_inside_it(all_handouts, lang, name):
    """Citations point to the handout's own sources list; every in-document link has its
    destination in the handout (no link into the book's other chapters)."""
    reader = pypdf.PdfReader(str(all_handouts[lang][name]))
    names = set(reader.named_destinations)
    internal, dangling = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            internal += 1
            dest = annot["/Dest"]
            if isinstance(dest, str) and dest not in names:
                dangling.append(dest)
    assert internal >= 3, (lang, name, internal)
    assert not dangling, (lang, name, sorted(set(dangling))[:5])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_handout_has_its_teaching_parts_citations_and_sources(all_texts, lang, name):
    words = WORDS[lang]
    text = all_texts[lang][name]
    meta = front_matter(_source(name, lang))
    number = CHAPTERS.index(name) + 1
    first = text.split("\n", 40)
    # cover line: the book's title, the chapter number and the edition
    head = squash("\n".join(first[:6]))
    assert squash(words["book"]) in head, first[:6]
    assert squash(words["kind"].format(n=number)) in head, first[:6]
    assert re.search(rf"{words['edition']} {EDITION_DATE} \([\w.+-]+\)", text), text[:400]
    flat = squash(text)
    assert squash(meta["title"]) in flat
    for objective in meta.get("objectives") or []:
        assert squash(objective) in flat, objective
    upper = text.upper()
    for box in words["boxes"]:
        assert box in upper, (name, box)
    assert re.search(words["lines"], text), "citations print their line locators"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_handout_has_nothing_from_other_chapters(all_texts, lang, name):
    flat = squash(all_texts[lang][name])
    for other in CHAPTERS:
        if other == name:
            continue
        meta = front_matter(_source(other, lang))
        # another chapter's objectives or summary would mean its text came along
        for objective in meta.get("objectives") or []:
            assert squash(objective) not in flat, (name, other, objective)
        assert squash(meta["summary"]) not in flat, (name, other)
    for back in WORDS[lang]["back"]:
        assert not re.search(rf"^{back}$", all_texts[lang][name], re.M), (name, back)


@pytest.mark.parametrize("name", HANDOUTS)
def test_indonesian_handout_prints_no_english_interface_text(all_texts, name):
    """The cover line, the chapter header, the boxes, the citations and the sources list of
    an Indonesian handout are in Indonesian."""
    text = re.sub(r"\s+", " ", all_texts["id"][name])
    left = [m.group(0) for w in ENGLISH_LEFT for m in [re.search(w, text, re.I)] if m]
    assert not left, (name, left)


def test_summary_handout_is_one_page_with_its_sources(handouts, texts):
    reader = pypdf.PdfReader(str(handouts["summary"]))
    assert len(reader.pages) == 1, f"the trainers' summary takes {len(reader.pages)} pages"
    text = texts["summary"]
    for needle in ["Act", "Means", "Purpose", "Article 1 points 1 and 7", "ACTIP", "ASEANAPOL",
                   "Gugus Tugas", "Sources cited on this page"]:
        assert needle in text, needle
    assert re.search(r"lines \d+[–-]\d+", text)


def test_indonesian_summary_handout_is_one_page_with_its_sources(all_handouts, all_texts):
    reader = pypdf.PdfReader(str(all_handouts["id"]["summary"]))
    assert len(reader.pages) == 1, \
        f"the Indonesian trainers' summary takes {len(reader.pages)} pages"
    text = all_texts["id"]["summary"]
    title = str(front_matter(_source("summary", "id"))["title"])
    for needle in [title, "Tindakan", "Cara", "Tujuan", "Pasal 1 angka 1 dan 7", "ACTIP",
                   "ASEANAPOL", "Gugus Tugas", "Sumber yang dikutip di halaman ini",
                   f"{BOOK_ID} · Bahan ajar · Edisi {EDITION_DATE}"]:
        assert squash(needle) in squash(text), needle
    assert re.search(r"baris \d+[–-]\d+", text)
    # the whole text is on the page: its last table row, and each source's file
    rows = [ln for ln in _source("summary", "id").read_text(encoding="utf-8").splitlines()
            if ln.startswith("| ")]
    assert squash(rows[-1].split("|")[1]) in squash(text), rows[-1]
    for key in front_matter(_source("summary", "id"))["sources"]:
        assert squash(f"sources/{key}.txt") in squash(text), key


def test_site_publishes_handouts_and_chapters_link_them(all_handouts, tmp_path):
    """A site built next to the handouts (PRIMER_DIST_DIR/handouts, as `make handouts` leaves
    them) publishes each and links it from its page, in each edition its own: the pages of
    /id/ link handouts/id/; without them, no link is shown."""
    import shutil
    import sys
    from urllib.parse import unquote
    dist = tmp_path / "dist"
    for lang in LANGS:
        (dist / "handouts" / SUBFOLDER[lang]).mkdir(parents=True, exist_ok=True)
        for path in all_handouts[lang].values():
            shutil.copy(path, dist / "handouts" / SUBFOLDER[lang] / path.name)
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, env=build_env(PRIMER_DIST_DIR=str(dist)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for lang in LANGS:
        prefix = "" if lang == "en" else f"{lang}/"
        published = site / "assets" / "downloads" / "handouts" / SUBFOLDER[lang]
        for name in HANDOUTS:
            pdf = published / f"{name}.pdf"
            assert pdf.read_bytes() == all_handouts[lang][name].read_bytes(), (lang, name)
            page = site / prefix / ("chapters" if name in CHAPTERS else "") / name / "index.html"
            html = page.read_text(encoding="utf-8")
            label = {"en": ("Print this chapter", "Print this page"),
                     "id": ("Cetak bab ini", "Cetak halaman ini")}[lang][name not in CHAPTERS]
            assert label in html, (lang, name)
            if lang != "en":            # the button speaks the page's language
                assert "Print this" not in html and "PDF handout" not in html, (lang, name)
            links = re.findall(r'<a href="([^"]+)" class="md-content__button print-handout"',
                               html)
            assert len(links) == 1, (lang, name, links)
            assert (page.parent / unquote(links[0])).resolve() == pdf.resolve(), (lang, links)
        downloads = (site / prefix / "downloads" / "index.html").read_text(encoding="utf-8")
        own = re.findall(r'href="(?:\.\./)+assets/downloads/handouts/([^"]+\.pdf)"', downloads)
        assert {f"{SUBFOLDER[lang]}{n}.pdf" for n in HANDOUTS} <= set(own), (lang, own)
    # the English pages link no Indonesian handout
    english = (site / "chapters" / CHAPTERS[0] / "index.html").read_text(encoding="utf-8")
    assert "handouts/id/" not in english


@pytest.mark.parametrize("lang", LANGS)
def test_no_handout_link_without_the_handouts(pdf_edition, lang):
    """The print build's own site (conftest.py: built next to an empty PRIMER_DIST_DIR, so
    whatever dist/ holds does not count) has no handout to link, and links none."""
    prefix = "" if lang == "en" else f"{lang}/"
    for name in HANDOUTS:
        page = (pdf_edition.parent / prefix / ("chapters" if name in CHAPTERS else "") / name
                / "index.html")
        html = page.read_text(encoding="utf-8")
        assert "print-handout" not in html and "Print this" not in html and \
            "Cetak bab ini" not in html, (lang, name)

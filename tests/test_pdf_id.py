"""The Indonesian print edition, dist/primer-id.pdf (issue 14): written by the same build as
dist/primer.pdf (mkdocs-static-i18n builds /id/ after /, mkdocs-to-pdf prints each edition;
scripts/hooks/i18n.py gives it its file name and cover, scripts/pdf/pdf_event_hook.py its
Indonesian contents, running headers and language)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdf
import pytest

from conftest import CHAPTERS, ROOT
from test_pdf import outline_items, rules_table_problems, squash

pytestmark = pytest.mark.pdf


def _title(uri: str) -> str:
    import yaml
    for name in (uri.replace(".md", ".id.md"), uri):
        path = ROOT / "docs" / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                meta = yaml.safe_load(text.split("---", 2)[1]) or {}
                if meta.get("title"):
                    return str(meta["title"])
    raise AssertionError(uri)


@pytest.fixture(scope="module")
def id_pdf(pdf_edition) -> Path:
    pdf = pdf_edition.parent / "primer-id.pdf"
    assert pdf.is_file(), "the PDF build wrote no primer-id.pdf"
    return pdf


@pytest.fixture(scope="module")
def reader(id_pdf):
    return pypdf.PdfReader(str(id_pdf))


@pytest.fixture(scope="module")
def pages(reader) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]


def test_cover_is_indonesian(pages):
    cover = pages[0]
    assert "Perdagangan Orang di" in cover and "Indonesia dan ASEAN" in cover, cover
    assert re.search(r"Edisi \d{4}-\d\d-\d\d \(\w+\)", cover), cover
    assert "Dibangun" in cover and "Teks: CC BY 4.0" in cover


def test_daftar_isi_lists_every_chapter(pages):
    toc = [i for i, t in enumerate(pages[:8]) if "Daftar Isi" in t]
    assert toc, "no 'Daftar Isi' page near the front"
    text = squash("\n".join(pages[toc[0]:toc[0] + 4]))
    assert "BAB" in text.upper() and "RUJUKAN" in text.upper()
    for number, chapter in enumerate(CHAPTERS, 1):
        title = _title(f"chapters/{chapter}.md")
        assert re.search(re.escape(squash(f"{number}{title}")) + r"\.*\d+", text), title


def test_outline_running_headers_and_chapter_numbers(reader, pages):
    items = outline_items(reader)
    top = [t for d, t, _ in items if d == 0]
    assert "Daftar Isi" in top and "Daftar Pustaka" in top, top
    assert top[-1] == "Daftar Pustaka", top
    assert not any(t in top for t in ("Edisi cetak dan edisi luring", "Cara mengusulkan koreksi"))
    for number, chapter in enumerate(CHAPTERS, 1):
        title = _title(f"chapters/{chapter}.md")
        page = next(p for d, t, p in items if d == 0 and t == f"{number} {title}")
        assert "Bab" in pages[page], pages[page][:200]         # "Bab 1" above the title
        assert squash(f"{number} · {title}") in squash(pages[page + 1]), pages[page + 1][:200]


def test_language_title_and_citations(reader, pages):
    assert reader.trailer["/Root"].get("/Lang") == "id"
    assert reader.metadata.title.startswith("Perdagangan Orang di Indonesia")
    body = "\n".join(pages)
    assert re.search(r"baris \d+–\d+", body) and "t.t." in body
    assert not re.search(r"\blines \d+–\d+", body)
    refs = pages[[p for d, t, p in outline_items(reader) if d == 0 and t == "Daftar Pustaka"][0]]
    assert "Daftar Pustaka" in refs and "(t.t.)" in refs


def test_english_pdf_unchanged_in_language(pdf_edition):
    r = pypdf.PdfReader(str(pdf_edition))
    assert r.trailer["/Root"].get("/Lang") == "en"
    assert "Contents" in "\n".join((p.extract_text() or "") for p in r.pages[:6])


def test_checks_page_rules_table_prints_each_rule_id(reader, pages):
    """The rules table of "Cara pengantar ini diperiksa" links each id to the English
    contributor guide, which the PDF leaves out: the id stays (unlinked) instead of becoming
    "halaman 'Cara mengusulkan koreksi' pada edisi daring"."""
    problems = rules_table_problems(reader, pages, "Cara pengantar ini diperiksa",
                                    "halaman \u201cCara mengusulkan koreksi\u201d pada edisi daring")
    assert not problems, problems[:5]


@pytest.mark.parametrize("dirty", [False, True])
def test_cover_and_imprint_stamp_in_indonesian(dirty):
    """The Indonesian cover and imprint write the edition stamp in Indonesian, also when the
    build has uncommitted changes (edition.label and edition.commit are English)."""
    import jinja2
    edition = {"version": "abc1234", "tag": "", "sha": "abc1234", "dirty": dirty,
               "commit": "abc1234" + (" + uncommitted changes" if dirty else ""),
               "date": "2023-11-14", "epoch": 1700000000, "built": "2023-11-14 22:13 UTC",
               "iso": "2023-11-14T22:13:20+00:00",
               "label": "Edition 2023-11-14 (abc1234)" + (" + uncommitted changes" if dirty else "")}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "scripts" / "pdf")),
                             undefined=jinja2.StrictUndefined)
    html = env.get_template("cover.html.j2").render(
        primer_lang="id", edition=edition, chapters=[], cover_title="Judul",
        cover_subtitle="Subjudul", author="Para kontributor", copyright="", repo_url="https://x")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for english in ["uncommitted", "Edition", "Built", "Version"]:
        assert english not in text, (english, text[:600])
    assert "Edisi 2023-11-14 (abc1234)" in text
    assert ("perubahan yang belum di-commit" in text) == dirty


def test_subject_is_each_editions_description(reader, pdf_edition):
    """The PDF's Subject is the site_description of its edition (mkdocs.yml; the Indonesian
    one under the i18n plugin's languages)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    i18n = next(p["i18n"] for p in cfg["plugins"] if isinstance(p, dict) and "i18n" in p)
    indonesian = next(lang for lang in i18n["languages"] if lang["locale"] == "id")
    assert reader.metadata.subject == indonesian["site_description"].strip()
    english = pypdf.PdfReader(str(pdf_edition)).metadata.subject
    assert english == cfg["site_description"].strip()

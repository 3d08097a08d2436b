"""The Indonesian edition (issue 14): layout, interface language, switcher, citations, fallback.

Built by mkdocs-static-i18n 1.3.1 (docs_structure: suffix) at /id/ from docs/**/*.id.md; the
hooks' Indonesian strings are in scripts/i18n_text.py, the per-edition settings in
scripts/hooks/i18n.py. These tests read the session's strict build (conftest.built_site).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import i18n_text  # noqa: E402

DOCS = ROOT / "docs"
TRANSLATED = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.id.md")
                    if not p.relative_to(DOCS).as_posix().startswith("includes/"))
ENGLISH = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
                 if not p.name.endswith(".id.md")
                 and not p.relative_to(DOCS).as_posix().startswith("includes/"))


def _html(site: Path, uri: str, lang: str) -> BeautifulSoup:
    """The built page of docs/<uri> (English path) in one edition."""
    stem = uri[:-3]
    rel = "index.html" if stem == "index" else f"{stem}/index.html"
    path = site / ("id/" if lang == "id" else "") / rel
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_english_page_has_a_page_at_id(built_site):
    for uri in ENGLISH:
        soup = _html(built_site, uri, "id")
        assert soup.html["lang"] == "id", uri


def test_english_pages_keep_english_interface(built_site):
    soup = _html(built_site, "chapters/definitions.md", "en")
    assert soup.html["lang"] == "en"
    assert soup.select_one(".md-search__input")["placeholder"] == "Search"


def test_indonesian_interface(built_site):
    soup = _html(built_site, "index.md", "id")
    assert soup.select_one(".md-search__input")["placeholder"] == "Cari"
    title = soup.select_one(".md-header__topic .md-ellipsis").get_text(strip=True)
    assert title.startswith("Perdagangan Orang di Indonesia")


@pytest.mark.parametrize("uri", ENGLISH)
def test_switcher_lands_on_the_same_page(built_site, uri):
    """Both editions' language menus link the page's own twin, not the home page."""
    stem = uri[:-3]
    for lang, other in (("en", "id"), ("id", "en")):
        soup = _html(built_site, uri, lang)
        links = {a.get("hreflang"): a["href"] for a in soup.select("a.md-select__link")}
        assert set(links) == {"en", "id"}, (uri, lang, links)
        here = Path("/site") / ("id" if lang == "id" else "") / ("" if stem == "index" else stem)
        target = (here / links[other]).resolve()
        expect = Path("/site") / ("id" if other == "id" else "") / ("" if stem == "index" else stem)
        assert target == expect.resolve(), (uri, lang, links[other])


def test_untranslated_pages_are_marked(built_site):
    """A page with no .id.md twin is built at /id/ from the English text, with a visible
    'Belum diterjemahkan' note and lang="en" on the English text."""
    missing = [u for u in ENGLISH if u.replace(".md", ".id.md") not in TRANSLATED]
    translated = [u for u in ENGLISH if u not in missing]
    for uri in missing:
        soup = _html(built_site, uri, "id")
        note = soup.select_one(".admonition.note .admonition-title")
        assert note is not None and note.get_text(strip=True) == "Belum diterjemahkan", uri
        assert soup.select_one('article div[lang="en"]') is not None, uri
    for uri in translated:
        soup = _html(built_site, uri, "id")
        titles = [t.get_text(strip=True) for t in soup.select(".admonition-title")]
        assert "Belum diterjemahkan" not in titles, uri
        assert soup.select_one('article div[lang="en"]') is None, uri


def _first_translated_chapter():
    for uri in TRANSLATED:
        if uri.startswith("chapters/"):
            return uri.replace(".id.md", ".md")
    pytest.skip("no Indonesian chapter yet")


def test_indonesian_chapter_header_and_citations(built_site):
    uri = _first_translated_chapter()
    soup = _html(built_site, uri, "id")
    meta = soup.select_one(".chapter-meta").get_text(" ", strip=True)
    assert "Waktu baca:" in meta and "menit" in meta and "Bersumber pada:" in meta
    assert "et al." not in meta and "n.d." not in meta
    assert soup.select_one(".admonition.objectives .admonition-title").get_text(strip=True) \
        == "Tujuan pembelajaran"
    cites = [c.get_text(" ", strip=True) for c in soup.select(".citation")]
    assert cites and all("line" not in c for c in cites)
    assert any(re.search(r"baris \d+", c) for c in cites)
    assert any(re.search(r"baris \d+–\d+", c) for c in cites)
    assert not any("n.d." in c or "et al." in c for c in cites)


def test_indonesian_citations_link_the_shared_source_texts(built_site):
    """The source texts (Indonesian papers) are built once, at /source-texts/; the locators
    of /id/ pages link there, and the author-date label links the Indonesian References."""
    uri = _first_translated_chapter()
    soup = _html(built_site, uri, "id")
    page_dir = built_site / "id" / uri[:-3]
    for a in soup.select(".citation a.cite-loc")[:20]:
        target = (page_dir / a["href"].split("#")[0]).resolve()
        assert target.relative_to(built_site.resolve()).parts[0] == "source-texts"
        assert (target / "index.html").is_file()
    for a in soup.select(".citation a.cite-source")[:20]:
        target = (page_dir / a["href"].split("#")[0]).resolve()
        assert target == (built_site / "id" / "references").resolve()
    assert not (built_site / "id" / "source-texts").exists()


def test_indonesian_reference_labels_use_the_id_locale(built_site):
    """pandoc's citeproc with the id-ID locale: "dkk." for et al., "t.t." for n.d."""
    soup = _html(built_site, "references.md", "id")
    text = soup.select_one("article").get_text(" ")
    assert "(t.t.)" in text and "n.d." not in text
    en = _html(built_site, "references.md", "en").select_one("article").get_text(" ")
    assert "(n.d.)" in en
    sources = _html(built_site, "sources.md", "id")
    assert "dkk." in sources.get_text(" ") or "dkk." in i18n_text.t("id", "et_al")


def test_each_edition_has_its_own_search_index(built_site):
    en = json.loads((built_site / "search" / "search_index.json").read_text())
    id_ = json.loads((built_site / "id" / "search" / "search_index.json").read_text())
    assert en["docs"] and id_["docs"]
    assert not any(d["location"].startswith("id/") for d in en["docs"])
    locations = {d["location"].split("#")[0] for d in id_["docs"]}
    assert "chapters/definitions/" in locations
    # the /id/ pages point Material's search at /id/
    soup = _html(built_site, "chapters/definitions.md", "id")
    config = json.loads(soup.select_one("#__config").string)
    assert config["base"].endswith("/id/")
    config = json.loads(_html(built_site, "chapters/definitions.md", "en")
                        .select_one("#__config").string)
    assert not config["base"].endswith("/id/")


def test_norm_uri():
    assert i18n_text.norm_uri("chapters/definitions.id.md") == "chapters/definitions.md"
    assert i18n_text.norm_uri("index.md") == "index.md"


def test_no_hreflang_links_in_the_head(built_site):
    """Material would fetch sitemap.xml beside each <link rel=alternate hreflang> and take over
    clicks into the other language (to its home page): the menu's static links do the job."""
    for lang in ("en", "id"):
        soup = _html(built_site, "chapters/policing.md", lang)
        assert not soup.select("head link[rel=alternate][hreflang]"), lang
        assert len(soup.select("a.md-select__link[hreflang]")) == 2
    assert (built_site / "id" / "sitemap.xml").is_file()     # Material reads it from `base`


# --------------------------------------------------------------------------- Indonesian search
# The affixed forms PySastrawi relates (i18n_text.add_search_forms); how search then behaves
# for a reader is tested in a browser in tests/test_browser_id.py.

def _index(site: Path, lang: str) -> dict:
    folder = site / ("id" if lang == "id" else "") / "search"
    return json.loads((folder / "search_index.json").read_text(encoding="utf-8"))


def test_search_forms_have_their_own_low_boost_field(built_site):
    """The added forms are a field of their own, weighted below the text, so that a section
    that uses a word as typed ranks above one that only has a related form; the text itself
    is Material's, unchanged. The English index is not touched."""
    id_, en = _index(built_site, "id"), _index(built_site, "en")
    fields = id_["config"]["fields"]
    assert fields[i18n_text.STEMS_FIELD]["boost"] < fields["text"]["boost"]
    assert id_["config"]["pipeline"] == []
    assert sum(1 for d in id_["docs"] if d.get(i18n_text.STEMS_FIELD)) > len(id_["docs"]) / 2
    assert not any("search-stems" in d["text"] for d in id_["docs"])
    assert i18n_text.STEMS_FIELD not in en["config"]["fields"]
    assert en["config"]["pipeline"] == ["stopWordFilter"]
    assert not any(i18n_text.STEMS_FIELD in d for d in en["docs"])


def test_search_forms_are_new_related_words_each_once(built_site):
    """Each entry gets a form once, only if its text lacks it, only a form that shares the
    stem of one of its words, and never a stop word."""
    stop = i18n_text.stop_words()
    for d in _index(built_site, "id")["docs"]:
        forms = d.get(i18n_text.STEMS_FIELD, "").split()
        if not forms:
            continue
        present = i18n_text.search_words(d["title"] + " " + d["text"])
        stems = {i18n_text.stem(w) for w in present}
        assert len(forms) == len(set(forms)), d["location"]
        assert not set(forms) & present, d["location"]
        assert not set(forms) & stop, (d["location"], sorted(set(forms) & stop))
        unrelated = [f for f in forms if i18n_text.stem(f) not in stems]
        assert not unrelated, (d["location"], unrelated)


def test_cited_sources_lists_are_in_neither_search_index(built_site):
    """The list of cited sources at the end of each page (scripts/hooks/citations.py) repeats
    the references page: with it, each word of a paper's title (the Indonesian description of
    one ends in "pemberantasannya"; an English search for "Aseanapol" gave ten such lists)
    found every page that cites the paper."""
    anchor = i18n_text.CITED_SOURCES_ID
    for lang in ("id", "en"):
        soup = _html(built_site, "chapters/definitions.md", lang)
        assert soup.select_one(f"article h2#{anchor}") is not None, lang    # citations.py's id
        docs = _index(built_site, lang)["docs"]
        locations = [d["location"] for d in docs]
        assert "chapters/definitions/" in locations
        assert not [loc for loc in locations if loc.endswith("#" + anchor)], lang
        assert "references/" in locations           # which lists every paper, once
        # the paper is still found where the primer discusses it, and on the references page
        found = {d["location"].split("#")[0] for d in docs if "aseanapol" in
                 (d["title"] + d["text"]).lower()}
        assert "references/" in found and "chapters/policing/" in found, (lang, found)


def test_search_forms_are_a_small_part_of_the_index(built_site):
    """They were 387 KB of an 822 KB index (the English one: 476 KB): function words, clitics
    and stems on every page were expanded in every section, as ordinary text."""
    path = built_site / "id" / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    bare = {**index, "docs": [{k: v for k, v in d.items() if k != i18n_text.STEMS_FIELD}
                              for d in index["docs"]]}
    bare_size = len(json.dumps(bare, ensure_ascii=False, separators=(",", ":")).encode())
    assert path.stat().st_size < 1.35 * bare_size, (path.stat().st_size, bare_size)


def _entries(*texts):
    return [{"location": f"p{i}/", "title": "", "text": f"<p>{t}</p>"}
            for i, t in enumerate(texts)]


def test_add_search_forms():
    forms = lambda doc: set(doc.get(i18n_text.STEMS_FIELD, "").split())  # noqa: E731
    docs = i18n_text.add_search_forms(
        _entries("korban direkrut oleh agen", "buku tentang migrasi", "perdagangan orang",
                 "perdagangan orang", "perdagangan", "pelaku"), ROOT)
    # affixed forms of the same stem, found in the primer and the papers, and the stem
    assert {"perekrutan", "merekrut", "rekrut"} <= forms(docs[0])
    # not the clitic forms of a form already there ("korbannya": the search adds a wildcard)
    assert not any(f.endswith("nya") for f in forms(docs[0]))
    # stop words are not expanded: "tentang" (about) is not "menentang" (oppose)
    assert not forms(docs[1]) & {"menentang", "bertentangan", "pertentangan"}
    # "dagang" on 3 of the 6 pages is expanded; on 3 of 4 (more than two thirds), it is not
    assert "diperdagangkan" in forms(docs[2])
    docs = i18n_text.add_search_forms(
        _entries("perdagangan orang", "perdagangan anak", "perdagangan", "pelaku"), ROOT)
    assert not any("diperdagangkan" in forms(d) for d in docs)
    # a page of /id/ built from the English text gets nothing
    docs = i18n_text.add_search_forms(_entries("direkrut", "direkrut", "pelaku", "anak"), ROOT,
                                      skip_pages={"p1/"})
    assert forms(docs[0]) and not forms(docs[1])

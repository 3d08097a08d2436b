"""The reference apparatus: glossary, timeline, abbreviations and the cross-links that tie the
chapters together (a trainer finds any term, date or source within two clicks)."""
from __future__ import annotations

import re
from urllib.parse import unquote

from bs4 import BeautifulSoup

from conftest import CHAPTERS, ROOT



def page(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(site, rel: str):
    return page(site, rel).find("article")


def glossary_entries(site) -> dict[str, str]:
    """id -> term of every glossary entry (h3 headings)."""
    return {h["id"]: h.get_text(" ", strip=True).rstrip("¶").strip()
            for h in article(site, "glossary").find_all("h3") if h.get("id")}


def test_glossary_has_at_least_40_entries_each_cited_and_linking_back(built_site):
    entries = glossary_entries(built_site)
    assert len(entries) >= 40, len(entries)
    art = article(built_site, "glossary")
    for h3 in art.find_all("h3"):
        body = []
        for sib in h3.find_next_siblings():
            if sib.name in ("h2", "h3"):
                break
            body.append(sib)
        html = "".join(str(b) for b in body)
        assert 'class="citation"' in html, f"glossary entry {h3['id']} is not cited"
        assert re.search(r'href="\.\./chapters/[\w-]+/', html), \
            f"glossary entry {h3['id']} does not link back to a chapter"


def test_every_glossary_link_in_a_chapter_has_an_entry(built_site):
    entries = glossary_entries(built_site)
    linked = set()
    for ch in CHAPTERS:
        for a in article(built_site, f"chapters/{ch}").select("a[href*='glossary/#']"):
            term = unquote(a["href"].split("#", 1)[1])
            assert term in entries, f"{ch}: link to missing glossary entry #{term}"
            linked.add(term)
    assert len(linked) >= 30


def test_every_glossary_entry_is_used_by_a_chapter(built_site):
    texts = {ch: article(built_site, f"chapters/{ch}") for ch in CHAPTERS}
    plain = {ch: re.sub(r"[\"\u201c\u201d\u2018\u2019]", "", " ".join(art.get_text(" ").split()))
             for ch, art in texts.items()}
    unused = []
    for term_id, term in glossary_entries(built_site).items():
        used = False
        for ch, art in texts.items():
            if art.select_one(f"a[href$='glossary/#{term_id}']"):
                used = True
                break
            # the term itself (or its part before a slash/parenthesis) appears in the text
            core = re.split(r"\s*[/(]", term)[0].strip()
            if core and re.search(r"(?<!\w)" + re.escape(core) + r"(?!\w)", plain[ch], re.I):
                used = True
                break
        if not used:
            unused.append(term)
    assert not unused, f"glossary entries no chapter uses: {unused}"


def test_each_chapter_links_at_least_three_other_chapters(built_site):
    for ch in CHAPTERS:
        targets = set()
        for a in article(built_site, f"chapters/{ch}").select("a[href]"):
            m = re.match(r"(?:\.\./)+(?:chapters/)?([\w-]+)/", a["href"])
            if m and m.group(1) in CHAPTERS and m.group(1) != ch:
                targets.add(m.group(1))
        assert len(targets) >= 3, f"{ch} links only {sorted(targets)}"


def test_timeline_rows_are_cited_and_link_to_existing_chapter_anchors(built_site):
    rows = article(built_site, "timeline").select("table tbody tr")
    assert len(rows) >= 20
    ids = {ch: {e["id"] for e in page(built_site, f"chapters/{ch}").select("[id]")}
           for ch in CHAPTERS}
    for row in rows:
        text = row.get_text(" ", strip=True)
        assert row.select("span.citation a.cite-loc"), f"timeline row not pinned: {text[:80]}"
        links = [a["href"] for a in row.select("a[href*='chapters/']")]
        assert links, f"timeline row links no chapter: {text[:80]}"
        for href in links:
            m = re.match(r"\.\./chapters/([\w-]+)/(?:#(.+))?$", href)
            assert m, href
            assert m.group(1) in CHAPTERS, href
            if m.group(2):
                assert unquote(m.group(2)) in ids[m.group(1)], f"missing anchor {href}"


def test_abbreviations_expand_site_wide(built_site):
    source = (ROOT / "docs" / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    assert "[@" not in source, "citations in a snippet include are not rendered"
    defined = dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", source, re.M))
    for abbr in ["TPPO", "ACTIP", "ASEANAPOL", "UNTOC", "AMMTC"]:
        assert abbr in defined, abbr
    for ch in CHAPTERS:
        found = {a.get_text(): a.get("title") for a in
                 article(built_site, f"chapters/{ch}").find_all("abbr")}
        assert found, f"{ch}: no <abbr> expansions"
        for text, title in found.items():
            assert title == defined.get(text), (ch, text, title)
    policing = {a.get_text() for a in article(built_site, "chapters/policing").find_all("abbr")}
    assert "ASEANAPOL" in policing


def test_sources_page_has_a_section_per_paper_and_the_provenance_link(built_site):
    art = article(built_site, "sources")
    text = art.get_text(" ")
    for label in ["Pradityo", "Chrsiti", "ASEAN member states", "international law",
                  "driving factors"]:
        assert label.lower() in text.lower(), label
    assert art.select_one("a[href*='checks/']"), "no link to the provenance report"
    assert len(art.find_all("h2")) >= 5


def test_used_in_lines_list_every_chapter_that_links_the_term(built_site):
    """The glossary's "Used in" links are written by hand; this catches drift when a chapter
    starts linking a term (add the chapter to that entry's "Used in" line)."""
    linking: dict[str, set] = {}
    for ch in CHAPTERS:
        for a in article(built_site, f"chapters/{ch}").select("a[href*='glossary/#']"):
            linking.setdefault(unquote(a["href"].split("#", 1)[1]), set()).add(ch)
    art = article(built_site, "glossary")
    drift = []
    for h3 in art.find_all("h3"):
        listed = set()
        for sib in h3.find_next_siblings():
            if sib.name in ("h2", "h3"):
                break
            for a in sib.select("a[href*='chapters/']"):
                m = re.match(r"\.\./chapters/([\w-]+)/", a["href"])
                if m:
                    listed.add(m.group(1))
        missing = linking.get(h3["id"], set()) - listed
        if missing:
            drift.append(f"{h3['id']}: add {sorted(missing)} to its Used in line")
    assert not drift, "\n".join(drift)


def _labels_in(site, rel: str) -> tuple[list, set]:
    """A chapter's "Draws on" labels (chapter header) and the labels of its in-text citations."""
    art = article(site, rel)
    header = art.select_one(".chapter-meta") or art
    strong = next(s for s in header.find_all("strong")
                  if s.get_text().strip().rstrip(":") in ("Draws on", "Bersumber pada"))
    drawn = [" ".join(a.get_text().split()) for a in strong.parent.find_all("a")]
    cited = {" ".join(a.get_text().split()) for a in art.select(".citation a.cite-source")}
    return drawn, cited


def test_a_chapter_names_its_sources_as_its_citations_do_in_each_edition(built_site):
    """The chapter header's "Draws on" line and the in-text citations print one label per source
    (pandoc's), not two spellings ("Pradityo et al. (2021)" against "Pradityo et al., 2021")."""
    for rel in ("chapters/definitions", "id/chapters/definitions"):
        drawn, cited = _labels_in(built_site, rel)
        assert len(drawn) == 5 and set(drawn) <= cited, (rel, drawn, sorted(cited))


def test_the_indonesian_edition_describes_untitled_papers_in_indonesian(built_site):
    """bibliography.bib's title-id / shorttitle-id / note-id: an Indonesian reader sees no
    English bracketed description or English note, in a citation or in the references."""
    drawn, cited = _labels_in(built_site, "id/chapters/definitions")
    assert "[Faktor pendorong TPPO], t.t." in cited | set(drawn)
    refs = article(built_site, "id/references").get_text(" ")
    for english in ("Untitled article", "Driving factors", "Effectiveness of international law",
                    "member states", "Author, title, venue", "Issue number unresolved",
                    "First author's surname"):
        assert english.lower() not in refs.lower(), english
    assert refs.count("Artikel tanpa judul") == 3 and "Catatan:" in refs
    en = article(built_site, "references").get_text(" ")
    assert en.count("Untitled article") == 3 and "Artikel tanpa judul" not in en

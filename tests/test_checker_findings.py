"""The findings of issue 12, each reproduced: these failed on the old checker
(scripts/grounding.py before the rebuild) and pass on the one parse."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checker_fixture import CHAPTER, make_repo, pin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def check(repo, text):
    (repo / "docs" / "chapters" / "example.md").write_text(pin(text))
    diags, report, checker = grounding.run(repo, [repo / "docs"])
    return diags, report, checker


def line_of(text, needle):
    return next(i for i, ln in enumerate(text.split("\n"), 1) if needle in ln)


def test_tilde_line_inside_a_backtick_fence_does_not_hide_a_script(repo):
    text = CHAPTER + "\n```text\n~~~\n```\n\n<script>alert(1)</script>\n"
    diags, _, _ = check(repo, text)
    assert any(d.rule == "SRC008" and d.line == line_of(text, "<script>") for d in diags)


def test_setext_heading_is_a_heading_not_an_uncited_paragraph(repo):
    text = CHAPTER.replace("## Figures and law\n", "Figures and law\n---------------\n")
    diags, _, _ = check(repo, text)
    assert [d.format() for d in diags] == []


def test_box_with_inline_end_options_is_still_an_exempt_box(repo):
    text = CHAPTER.replace('!!! exercises "Discussion questions"',
                           '!!! exercises inline end "Discussion questions"')
    diags, _, _ = check(repo, text)
    assert [d.format() for d in diags] == []


def test_indented_code_is_not_prose(repo):
    text = CHAPTER + "\nAn example of a citation in a page [@alpha2020]:\n\n    A claim [@nokey] 1999.\n"
    diags, _, _ = check(repo, text)
    assert [d.format() for d in diags] == []


def test_misspelled_box_type_is_reported(repo):
    text = CHAPTER.replace('!!! exercises "Discussion questions"', '!!! exrcises "Discussion questions"')
    diags, _, _ = check(repo, text)
    d = [d for d in diags if d.rule == "SRC028"]
    assert d and d[0].line == line_of(text, "!!! exrcises") and "did you mean 'exercises'" in d[0].message


def test_missing_comma_in_the_bibliography_is_one_root_error(repo):
    bib = repo / "bibliography.bib"
    bib.write_text(bib.read_text().replace("title = {Contoh Sumber Pertama},",
                                           "title = {Contoh Sumber Pertama}"))
    diags, _, checker = check(repo, CHAPTER)
    assert [d.rule for d in diags] == ["SRC020"] and diags[0].line == 3
    note = grounding.skipped_note(checker)
    assert "skipped" in note and "bibliography.bib:3" in note


def test_one_byte_edit_of_a_source_is_one_root_error(repo):
    p = repo / "sources" / "alpha2020.txt"
    p.write_bytes(p.read_bytes().replace(b"1981", b"1982"))
    diags, _, checker = check(repo, CHAPTER)
    assert [d.rule for d in diags] == ["SRC023"]
    assert "skipped" in grounding.skipped_note(checker)


def test_chapter_without_sections_boxes_or_with_todo_fails(repo):
    text = ("---\ntitle: T\nsummary: TODO\nsources: [alpha2020]\nobjectives:\n  - Explain it.\n---\n\n"
            "ASEANAPOL was founded in 1981 in Manila [@alpha2020].\n")
    diags, _, _ = check(repo, text)
    msgs = [d.message for d in diags]
    assert any("no '##' section" in m for m in msgs)
    assert any("1 learning objective" in m for m in msgs)
    for box in ("differ", "keypoints", "exercises", "related"):
        assert any(f"no '{box}' box" in m for m in msgs), box
    assert any(d.rule == "SRC027" for d in diags)


def test_no_did_you_mean_for_a_key_with_nothing_in_common(repo):
    diags, _, _ = check(repo, CHAPTER.replace("[@beta] |", "[@smith-jones] |"))
    d = [d for d in diags if d.rule == "SRC001"][0]
    assert "did you mean" not in d.hint


def test_misquote_names_the_differing_word_and_shows_the_whole_quote(repo):
    text = CHAPTER.replace("merendahkan martabat manusia", "merendahkan harkat manusia")
    diags, _, _ = check(repo, text)
    d = [d for d in diags if d.rule == "SRC005"][0]
    assert '"kejahatan yang merendahkan harkat manusia"' in d.message
    assert '"harkat" where the source has "martabat"' in d.message


def test_numbers_apart_says_which_number_is_missing(repo):
    # (a citation without a locator: at a passage, SRC003 is stricter, see test_checker.py)
    (repo / "docs" / "chapters" / "example.md").write_text(
        CHAPTER.replace("Law No. 21 of 2007 is", "Law No. 21 of 2009 is"))
    diags, _, _ = grounding.run(repo, [repo / "docs"])
    d = [d for d in diags if d.rule == "SRC015"][0]
    assert '"2009" is not within 80 words of "21"' in d.message


INJECTIONS = [
    "<script>alert(1)</script>", "<ScRiPt src=//x.example/a.js></sCrIpT>", "<script/src=x.js>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=x.html></iframe>",
    "<object data=x.swf></object>", "<embed src=x.swf>", "<style>body{}</style>",
    "<link rel=stylesheet href=//x.example/a.css>", "<meta http-equiv=refresh content=0;url=x>",
    "<base href=//x.example/>", "<form action=x><input></form>", "<a href=\"javascript:x()\">a</a>",
    "<details open ontoggle=alert(1)>", "<math><mi xlink:href=x>", "<br onclick=x()>",
    "<br style=\"background:url(x)\">", "<video><source onerror=alert(1)></video>",
    "<body onload=alert(1)>", "<marquee onstart=alert(1)>", "<![CDATA[x]]>", "<?php x ?>",
    "[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "[a](&#106;avascript:alert(1))",
    "[a](java&#09;script:alert(1))", "[a](data:text/html;base64,PHNjcmlwdD4=)", "[a](vbscript:x)",
    "<javascript:alert(1)>", "![x](https://x.example/p.png)", "![x](//x.example/p.png)",
    "![x][remote]\n\n[remote]: https://x.example/p.png", "[a][js]\n\n[js]: javascript:alert(1)",
    "Text { onclick=\"x()\" }", "## Heading { onmouseover=x }", "Text {: style=\"color:red\" }",
]


@pytest.mark.parametrize("snippet", INJECTIONS)
def test_injection_vectors_are_caught(repo, snippet):
    first, _, rest = snippet.partition("\n")
    text = CHAPTER + "\n" + first + " [@alpha2020]\n" + rest + "\n"
    diags, _, _ = check(repo, text)
    rules = {d.rule for d in diags} & {"SRC008", "SRC009", "SRC019"}
    assert rules, (snippet, [d.format() for d in diags])
    assert any(d.line >= line_of(text, first) for d in diags if d.rule in rules)


def test_allowed_html_passes(repo):
    text = CHAPTER.replace("| ACTIP signed | 2015 | [@beta] |",
                           "| ACTIP signed<br>in Kuala Lumpur | 2015 | [@beta] |")
    text += "\n<!-- a comment -->\n\n## Section { #anchor .cls }\n"
    diags, _, _ = check(repo, text)
    assert [d.format() for d in diags] == []


def test_units_are_the_old_splitters_on_the_real_docs():
    """The one parse finds the same units (kind, line, box) on the real docs as the line
    splitter it replaced (kept in tests/legacy_units.py as the reference)."""
    from legacy_units import parse_page
    for p in sorted((ROOT / "docs").rglob("*.md")):
        if "includes" in p.parts:
            continue
        text = p.read_text(encoding="utf-8")
        old = [(u.kind, u.line, u.box, u.text) for u in parse_page(text, str(p), []).units]
        new = [(u.kind, u.line, u.box, u.text) for u in grounding.parse(text).units]
        assert old == new, p

"""The grounding checker: each rule passes a correct unit and catches a minimally broken one
with the right rule id and line. Uses the fixture repository in checker_fixture.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker_fixture import CHAPTER, make_repo, pin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402

CLI = ROOT / "scripts" / "check_sources.py"


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "repo")


def check(repo: Path, chapter: str | None = None, name: str = "example.md", pinned=True):
    """Check the page; ``pinned=False`` keeps citations without a locator as written (and
    leaves out their SRC029 diagnostics, so that a test sees the whole-paper rules)."""
    path = repo / "docs" / "chapters" / name
    if chapter is not None:
        path.write_text(pin(chapter) if pinned else chapter)
    diags, report, _ = grounding.run(repo, [repo / "docs"])
    if not pinned:
        diags = [d for d in diags if d.rule != "SRC029"]
    return diags, report


def only(diags, rule):
    found = [d for d in diags if d.rule == rule]
    others = [d.format() for d in diags if d.rule != rule]
    assert found, f"expected a {rule} diagnostic, got: {[d.format() for d in diags]}"
    assert not others, f"unexpected other diagnostics: {others}"
    return found


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def replace(old: str, new: str) -> str:
    assert old in CHAPTER, old
    return CHAPTER.replace(old, new)


# --------------------------------------------------------------------------- the clean case

def test_correct_chapter_passes(repo):
    diags, report = check(repo)
    assert [d.format() for d in diags] == []
    page = report["pages"]["docs/chapters/example.md"]
    assert page["cited"] == 10
    assert page["exempt"] == 5            # three objectives, one exercise, one related link
    assert page["numbers"] >= 7 and page["quotes"] == 1 and page["names"] >= 4
    assert report["sources"]["beta"]["citations"] == 3


# --------------------------------------------------------------------------- SRC001

def test_unknown_key_is_reported_with_suggestion(repo):
    text = replace("[@beta] |", "[@betta] |")
    diags, _ = check(repo, text)
    d = [d for d in diags if d.rule == "SRC001"][0]
    assert d.line == line_of(text, "[@betta]")
    assert "unknown citation key 'betta'" in d.message and "did you mean 'beta'" in d.hint


def test_one_byte_edit_of_a_source_is_caught(repo):
    p = repo / "sources" / "beta.txt"
    data = bytearray(p.read_bytes())
    data[0] ^= 0x01
    p.write_bytes(bytes(data))
    diags, _ = check(repo)
    d = [d for d in diags if d.rule == "SRC023"][0]
    assert d.path == "sources/beta.txt" and "does not match its checksum" in d.message
    assert "git checkout" in d.hint


def test_swapped_source_files_are_caught(repo):
    a, b = repo / "sources" / "alpha2020.txt", repo / "sources" / "beta.txt"
    da, db = a.read_bytes(), b.read_bytes()
    a.write_bytes(db)
    b.write_bytes(da)
    diags, _ = check(repo)
    assert {d.path for d in diags if d.rule == "SRC023"} == {"sources/alpha2020.txt",
                                                             "sources/beta.txt"}


def test_missing_source_file_is_caught(repo):
    (repo / "sources" / "beta.txt").unlink()
    diags, _ = check(repo)
    d = [d for d in diags if d.rule == "SRC021"][0]
    assert d.path == "bibliography.bib" and "does not exist" in d.message


def test_malformed_bibtex_names_file_and_line(repo):
    bib = repo / "bibliography.bib"
    lines = bib.read_text().split("\n")
    lines[2] = "  title = {Contoh Sumber Pertama,"      # unbalanced brace on line 3
    bib.write_text("\n".join(lines))
    diags, _ = check(repo)
    d = [d for d in diags if d.path == "bibliography.bib"][0]
    assert d.rule == "SRC020" and d.line == 3 and "malformed bibliography" in d.message


# --------------------------------------------------------------------------- SRC002

def test_removed_citation_is_caught(repo):
    text = replace("main legal basis in Indonesia [@alpha2020].", "main legal basis in Indonesia.")
    diags, _ = check(repo, text)
    d = only(diags, "SRC002")[0]
    assert d.line == line_of(text, "main legal basis") and "has no citation" in d.message


def test_uncited_table_row_and_list_item_are_caught(repo):
    text = replace("| ACTIP signed | 2015 | [@beta] |", "| ACTIP signed | 2015 | |")
    text = text.replace("4.5 million dollars [@alpha2020].", "4.5 million dollars.")
    diags, _ = check(repo, text)
    diags = [d for d in diags if d.rule != "SRC017"]     # beta is now declared but uncited
    found = only(diags, "SRC002")
    assert {d.line for d in found} == {line_of(text, "ACTIP signed"), line_of(text, "4.5 million")}
    assert {d.message.split()[0] for d in found} == {"row", "item"}


def test_too_many_exempt_units_fail(repo):
    questions = "\n".join(f"    {i}. Question {i}?" for i in range(2, 12))
    text = CHAPTER.rstrip("\n") + "\n" + questions + "\n"
    diags, _ = check(repo, text)
    d = only(diags, "SRC014")[0]
    assert "are exempt" in d.message and d.line == 1


# --------------------------------------------------------------------------- SRC003

def test_fabricated_number_is_caught(repo):
    text = replace("founded in 1981 in Manila", "founded in 1982 in Manila")
    diags, _ = check(repo, text)
    d = only(diags, "SRC003")[0]
    assert d.line == line_of(text, "1982") and '"1982" does not occur' in d.message
    assert d.col == text.split("\n")[d.line - 1].index("1982") + 1


def test_fabricated_law_year_is_caught_although_both_numbers_exist(repo):
    # 21 and 2009 both occur in the source, but never near each other: at the passage (line 5,
    # where the law is named) 2009 is missing; without a locator they are too far apart
    text = replace("Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020]",
                   "Law No. 21 of 2009 is the main legal basis in Indonesia [@alpha2020, line 5]")
    diags, _ = check(repo, text)
    d = only(diags, "SRC003")[0]
    assert d.message == ('number "2009" does not occur in the cited passage alpha2020, line 5 '
                         '(±2 lines)') and d.line == line_of(text, "Law No. 21 of 2009")
    diags, _ = check(repo, replace("Law No. 21 of 2007 is", "Law No. 21 of 2009 is"),
                     pinned=False)
    d = only(diags, "SRC015")[0]
    assert '"21", "2009"' in d.message and "within 80 words" in d.message


def test_number_moved_to_another_sentence_is_caught(repo):
    text = replace("in Manila by the police chiefs of the member states [@alpha2020]",
                   "in Manila, when 200,000 people were trafficked [@alpha2020, line 2]")
    diags, _ = check(repo, text)
    d = only(diags, "SRC003")[0]
    assert '"200,000"' in d.message and "alpha2020, line 2" in d.message
    text = replace("in Manila by the police chiefs of the member states",
                   "in Manila, when 200,000 people were trafficked")
    diags, _ = check(repo, text, pinned=False)
    d = only(diags, "SRC015")[0]
    assert "1981" in d.message and "200,000" in d.message


@pytest.mark.parametrize("doc, src", [
    ("200,000", "200.000"), ("4.5 million", "4,5 juta"), ("30%", "30 persen"),
])
def test_number_normalisation(doc, src):
    tok, _, word = doc.partition(" ")
    stok, _, sword = src.partition(" ")
    doc_r = grounding.number_readings(tok.rstrip("%"), word)
    src_r = grounding.number_readings(stok, sword, source=True)
    assert doc_r & src_r


def test_law_citation_forms_match(repo):
    for form in ["UU No. 21/2007", "Law No. 21 of 2007", "Undang-Undang Nomor 21 Tahun 2007"]:
        text = replace("Law No. 21 of 2007 is", f"{form} is")
        diags, _ = check(repo, text)
        assert not diags, (form, [d.format() for d in diags])


# --------------------------------------------------------------------------- SRC004

def test_name_missing_from_cited_source_is_caught(repo):
    # SOMTC is in beta, not in alpha2020
    text = replace("Law No. 21 of 2007 is the main", "SOMTC says Law No. 21 of 2007 is the main")
    diags, _ = check(repo, text)
    d = only(diags, "SRC004")[0]
    assert '"SOMTC"' in d.message and "aliases.yml" in d.hint


def test_swapped_citation_is_caught(repo):
    text = replace("Manila by the police chiefs of the member states [@alpha2020]",
                   "Manila by the police chiefs of the member states [@beta]")
    diags, _ = check(repo, text)
    rules = {d.rule for d in diags}
    assert "SRC003" in rules and "SRC004" in rules     # 1981 and ASEANAPOL are not in beta


def test_alias_from_table_is_checked(repo):
    text = replace("The Palermo Protocol is the international reference for the definition [@alpha2020].",
                   "The Palermo Protocol is the international reference for the definition [@beta].")
    text = text.replace("sources: [alpha2020, beta]", "sources: [alpha2020, beta]")
    diags, _ = check(repo, text)
    d = only(diags, "SRC004")[0]
    assert "Palermo Protocol" in d.message and "Protokol Palermo" in d.message


# --------------------------------------------------------------------------- SRC005

def test_one_word_change_in_quote_is_caught_with_closest_passage(repo):
    text = replace("merendahkan martabat manusia", "merendahkan harkat manusia")
    diags, _ = check(repo, text)
    d = only(diags, "SRC005")[0]
    assert d.line == line_of(text, "harkat") and "not verbatim" in d.message
    assert "merendahkan martabat manusia" in d.hint


def test_quote_across_hyphenated_line_break_matches(repo):
    text = replace("\"kejahatan yang merendahkan martabat manusia\"",
                   "\"Tindak Pidana Perdagangan Orang\"")
    diags, _ = check(repo, text)
    assert not diags, [d.format() for d in diags]


def test_overlong_quote_is_caught(repo):
    long_quote = " ".join(["kata"] * 41)
    text = replace("\"kejahatan yang merendahkan martabat manusia\"", f"\"{long_quote}\"")
    diags, _ = check(repo, text)
    assert any(d.rule == "SRC016" and "longer than 40" in d.message for d in diags)


# --------------------------------------------------------------------------- SRC006

def test_unmarked_copied_sentence_is_caught(repo):
    copied = ("Perdagangan orang adalah kejahatan yang merendahkan martabat manusia dan harus "
              "diberantas bersama")
    text = replace("Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020].",
                   f"{copied} [@alpha2020].")
    diags, _ = check(repo, text)
    d = only(diags, "SRC006")[0]
    assert "copied from source alpha2020" in d.message and d.line == line_of(text, "diberantas")


def test_quoted_copy_is_not_copying(repo):
    quoted = ("\"Perdagangan orang adalah kejahatan yang merendahkan martabat manusia dan harus "
              "diberantas bersama\" ('trafficking is a crime that must be fought together')")
    text = replace("Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020].",
                   f"The author writes: {quoted} [@alpha2020].")
    diags, _ = check(repo, text)
    assert not diags, [d.format() for d in diags]


# --------------------------------------------------------------------------- SRC007

def test_undeclared_source_is_caught(repo):
    text = replace("sources: [alpha2020, beta]", "sources: [alpha2020]")
    diags, _ = check(repo, text)
    d = only(diags, "SRC007")[0]
    assert "'beta' is cited but not declared" in d.message
    assert d.line == line_of(text, "[@beta]")


def test_declared_but_uncited_source_is_caught(repo):
    text = replace("sources: [alpha2020, beta]", "sources: [alpha2020, beta, gamma]")
    diags, _ = check(repo, text)
    d = only(diags, "SRC017")[0]
    assert "'gamma' is declared in front matter but never cited" in d.message


# --------------------------------------------------------------------------- SRC008

@pytest.mark.parametrize("snippet", ["<script>alert(1)</script>",
                                     "<iframe src=\"x.html\"></iframe>",
                                     "<span onclick=\"steal()\">x</span>",
                                     "![map](https://example.org/map.png)"])
def test_unsafe_content_is_caught(repo, snippet):
    text = CHAPTER + "\n" + snippet + "\n"
    diags, _ = check(repo, text)
    assert any(d.rule in ("SRC008", "SRC019") and d.line == line_of(text, snippet) for d in diags)


def test_code_examples_are_not_unsafe(repo):
    text = replace("Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020].",
                   "Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020]. "
                   "Never write `<script>` in a page.")
    text += "\n```html\n<script>example()</script>\n```\n"
    diags, _ = check(repo, text)
    assert not diags, [d.format() for d in diags]


# --------------------------------------------------------------------------- SRC000: bad input

def test_non_utf8_chapter(repo):
    p = repo / "docs" / "chapters" / "example.md"
    p.write_bytes(CHAPTER.encode() + b"\nCaf\xe9 [@alpha2020]\n")
    diags, _ = check(repo)
    d = only(diags, "SRC000")[0]
    assert "not valid UTF-8" in d.message and d.line == CHAPTER.count("\n") + 2


def test_binary_file(repo):
    (repo / "docs" / "chapters" / "example.md").write_bytes(b"\x89PNG\x00\x00\x01")
    diags, _ = check(repo)
    assert "binary file" in only(diags, "SRC000")[0].message


def test_unclosed_fence(repo):
    text = CHAPTER + "\n```python\nprint(1)\n"
    diags, _ = check(repo, text)
    d = only(diags, "SRC011")[0]
    assert "never closed" in d.message and d.line == line_of(text, "```python")


def test_empty_chapter(repo):
    diags, _ = check(repo, "---\ntitle: Empty\nsources: []\n---\n\n")
    assert "no content" in only([d for d in diags if d.rule != "SRC026"], "SRC012")[0].message


def test_bad_front_matter(repo):
    diags, _ = check(repo, "---\ntitle: [unclosed\n---\n\nText [@alpha2020].\n")
    d = only([d for d in diags if d.rule != "SRC026"], "SRC010")[0]
    assert "front matter is not valid YAML" in d.message and d.line >= 2


# --------------------------------------------------------------------------- command line

def run_cli(repo, *args, env=None):
    return subprocess.run([sys.executable, str(CLI), "--root", str(repo), *args],
                          cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_cli_clean_and_failing_exit_codes(repo):
    ok = run_cli(repo)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (repo / "docs" / "chapters" / "example.md").write_text(
        pin(replace("founded in 1981", "founded in 1982")))
    bad = run_cli(repo)
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"docs/chapters/example.md:{line_of(CHAPTER, 'founded in')}:")
    assert "SRC003" in bad.stdout and "hint:" in bad.stdout and "Traceback" not in bad.stderr


def test_cli_json_and_github_annotations(repo):
    (repo / "docs" / "chapters" / "example.md").write_text(
        pin(replace("founded in 1981", "founded in 1982")))
    out = run_cli(repo, "--format", "json")
    data = json.loads(out.stdout.split("\n::")[0])
    assert data["diagnostics"][0]["rule"] == "SRC003"
    assert "docs/chapters/example.md" in data["report"]["pages"]
    gh = run_cli(repo, env={"GITHUB_ACTIONS": "true"})
    assert f"::error file=docs/chapters/example.md,line={line_of(CHAPTER, 'founded in')}," in gh.stdout


def test_cli_never_tracebacks_on_garbage(repo):
    (repo / "bibliography.bib").write_bytes(b"@article{\xff\xfe broken")
    (repo / "docs" / "chapters" / "example.md").write_bytes(b"\x00\x01\x02")
    out = run_cli(repo)
    assert out.returncode == 1 and "Traceback" not in out.stderr + out.stdout
    assert "bibliography.bib:1:" in out.stdout and "docs/chapters/example.md:1:" in out.stdout


def test_citation_broken_across_lines_is_caught(repo):
    text = replace("main legal basis in Indonesia [@alpha2020].",
                   "main legal basis in Indonesia [@alpha2020;\n@beta].")
    diags, _ = check(repo, text)
    d = [d for d in diags if "broken across two lines" in d.message][0]
    assert d.rule == "SRC013" and d.line == line_of(text, "[@alpha2020;")


def test_spelled_out_numbers_and_glued_footnote_years_in_sources():
    src = grounding.Source("k", Path("k.txt"), "sembilan dari sepuluh negara, pada tahun 2004.76 ASEAN")
    src.build()
    for value in ["9", "10", "2004", "76"]:
        assert value in src.numbers, value


def test_hyphenated_acronym_is_checked(repo):
    text = replace("Law No. 21 of 2007 is the main", "The e-ADS database and Law No. 21 of 2007 is the main")
    diags, _ = check(repo, text)
    assert '"e-ADS"' in only(diags, "SRC004")[0].message


def test_checking_pages_pauses_the_garbage_collector_and_makes_no_cycles():
    """check_paths pauses the cyclic garbage collector while it checks pages (it spent 4.5% of
    the time walking the parse trees); that is safe only while checking makes no reference
    cycles, which would then pile up in a long `mkdocs serve`."""
    import gc
    checker = grounding.Checker(ROOT)
    checker.check_paths([ROOT / "docs" / "chapters"])        # warm: patterns, parsers
    fresh = grounding.Checker(ROOT)
    gc.collect()
    assert gc.isenabled()
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(phase))
    try:
        fresh.check_paths([ROOT / "docs"])
    finally:
        gc.callbacks.pop()
    assert seen == [] and gc.isenabled()          # paused during the check, on afterwards
    assert gc.collect() == 0                      # and nothing was left for it to free


def test_a_large_corpus_is_indexed_on_several_cores_as_it_is_in_one(monkeypatch):
    """A corpus of PARALLEL_MIN_SOURCES sources or more is indexed in forked workers, which
    send their index back in a compact form (the shingle hashes as an array): the checker
    must see the same index, and give the same verdicts, as when one process builds it."""
    from grounding import corpus as C
    serial = grounding.Checker(ROOT)
    monkeypatch.setattr(C, "PARALLEL_MIN_SOURCES", 1)
    parent, index_text = os.getpid(), C.index_text

    def in_a_worker(text):
        assert os.getpid() != parent, "the sources were indexed in the checker's own process"
        return index_text(text)

    monkeypatch.setattr(C, "index_text", in_a_worker)
    parallel = grounding.Checker(ROOT)
    for key, s in serial.corpus.sources.items():
        p = parallel.corpus.sources[key]
        for attr in ("canon", "canon_lower", "lines", "numbers", "line_numbers",
                     "_translated_lines"):
            assert getattr(p, attr) == getattr(s, attr), (key, attr)
    assert parallel.corpus.shingles == serial.corpus.shingles
    assert len(serial.corpus.shingles) > 10_000
    pages = [ROOT / "docs" / "chapters"]
    assert [d.format() for d in parallel.check_paths(pages, jobs=1)] == \
        [d.format() for d in serial.check_paths(pages, jobs=1)]

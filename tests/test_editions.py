"""The checker on the Indonesian edition (issue 14): the same rules on *.id.md pages, numbers in
Indonesian notation, and the drift rules SRC050-SRC052 (scripts/grounding/rules/editions.py).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_checker_rules import fixture_repo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402


def _run(repo: Path) -> list:
    diags, _, _ = grounding.run(repo, [repo / "docs"])
    return diags


def _sync(repo: Path, *pages: str):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_translations.py"),
                           "--root", str(repo), *[str(repo / p) for p in pages]],
                          capture_output=True, text=True)


PAGE = "docs/chapters/example.id.md"


def test_a_translation_in_step_is_clean_with_every_rule(tmp_path):
    """The Indonesian fixture page (200.000; 30 persen; 4,5 juta; Undang-Undang Nomor 21
    Tahun 2007) passes every rule once its English original is recorded."""
    repo = fixture_repo(tmp_path, "SRC052")
    assert _sync(repo, PAGE).returncode == 0
    assert [d.format() for d in _run(repo)] == []


def test_numbers_in_indonesian_notation_are_checked(tmp_path):
    repo = fixture_repo(tmp_path, "SRC052")
    _sync(repo, PAGE)
    page = repo / PAGE
    text = page.read_text(encoding="utf-8")
    for good, bad in (("200.000 korban", "300.000 korban"), ("30 persen", "40 persen"),
                      ("4,5 juta", "5,5 juta")):
        page.write_text(text.replace(good, bad), encoding="utf-8")
        diags = _run(repo)
        assert [d.rule for d in diags] == ["SRC003"], (bad, [d.format() for d in diags])
        assert diags[0].path == PAGE and bad.split()[0] in diags[0].message
    page.write_text(text, encoding="utf-8")
    assert _run(repo) == []


def test_unmarked_copying_from_an_indonesian_source_is_caught(tmp_path):
    repo = fixture_repo(tmp_path, "SRC052")
    _sync(repo, PAGE)
    page = repo / PAGE
    copied = ("Organisasi ini mengoordinasikan pertukaran informasi tentang kejahatan lintas "
              "negara dan didirikan oleh kepala kepolisian")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(
        "Para kepala kepolisian negara anggota mendirikan ASEANAPOL di Manila pada 1981",
        "ASEANAPOL didirikan pada tahun 1981 di Manila oleh kepala kepolisian negara-negara "
        "anggota. " + copied), encoding="utf-8")
    assert "SRC006" in {d.rule for d in _run(repo)}


def test_names_on_the_indonesian_page_are_checked_at_the_passage(tmp_path):
    """SRC036 on an Indonesian page: a city swapped for one the source does not name is
    reported, an Indonesian opener before a name is not ("Di Manila, ...")."""
    repo = fixture_repo(tmp_path, "SRC052")
    _sync(repo, PAGE)
    page = repo / PAGE
    text = page.read_text(encoding="utf-8")
    founded = "Para kepala kepolisian negara anggota mendirikan ASEANAPOL di Manila pada 1981"
    page.write_text(text.replace(founded, founded.replace("Manila", "Jakarta")), encoding="utf-8")
    diags = _run(repo)
    assert [(d.rule, d.path, d.line) for d in diags] == [("SRC036", PAGE, 11)]
    assert '"Jakarta"' in diags[0].message
    page.write_text(text.replace(founded, "Di Manila, para kepala kepolisian negara anggota "
                                          "mendirikan ASEANAPOL pada 1981"), encoding="utf-8")
    assert _run(repo) == []


def test_stale_unit_is_reported_at_both_positions_until_recorded(tmp_path):
    repo = fixture_repo(tmp_path, "SRC052")
    diags = _run(repo)
    assert [d.rule for d in diags] == ["SRC052"]
    d = diags[0]
    assert (d.path, d.line) == (PAGE, 17)
    assert "docs/chapters/example.md:17" in d.message
    # the translator updates the unit, then records the new state: clean
    assert _sync(repo, PAGE).returncode == 0
    assert _run(repo) == []
    # a later English change is stale again
    en = repo / "docs/chapters/example.md"
    en.write_text(en.read_text().replace("was founded in 1981", "was set up in 1981"))
    assert [(d.rule, d.line) for d in _run(repo)] == [("SRC052", 11)]


def test_sync_refuses_a_page_whose_units_differ(tmp_path):
    repo = fixture_repo(tmp_path, "SRC051")
    proc = _sync(repo, PAGE)
    assert proc.returncode == 1 and "SRC051" in proc.stderr
    assert [d.rule for d in _run(repo)] == ["SRC051"]


def test_real_translations_are_recorded():
    """Every Indonesian page with citations has a record in scripts/data/translations.yml."""
    from grounding.rules import editions
    lock = editions.load_lock(ROOT)
    for p in sorted((ROOT / "docs").rglob("*.id.md")):
        rel = str(p.relative_to(ROOT))
        meta = grounding.markdown.parse(p.read_text(encoding="utf-8")).meta
        if str(meta.get("grounding", "")) != "meta":
            assert rel in lock, rel


def test_the_translation_record_is_read_once_per_run_and_again_when_it_changes(tmp_path,
                                                                               monkeypatch):
    """The record grows with the number of pages: read once per Indonesian page it made the
    100x benchmark quadratic (431 s). It is read once, and again after an edit (mkdocs serve
    keeps one process, so a stale record must not be kept)."""
    import shutil
    from grounding.rules import editions
    repo = fixture_repo(tmp_path, "SRC052")
    for i in range(3):                     # four Indonesian pages, each with its original
        for suffix in (".md", ".id.md"):
            shutil.copy(repo / PAGE.replace(".id.md", suffix),
                        repo / f"docs/chapters/copy{i}{suffix}")
    pages = sorted(str(p.relative_to(repo)) for p in (repo / "docs").rglob("*.id.md"))
    assert _sync(repo, *pages).returncode == 0
    reads = []
    real = editions.load_lock
    monkeypatch.setattr(editions, "load_lock", lambda root: reads.append(root) or real(root))
    editions._LOCKS.clear()
    assert _run(repo) == []
    assert len(reads) == 1
    en = repo / "docs/chapters/copy0.md"
    en.write_text(en.read_text().replace("was founded in 1981", "was set up in 1981"))
    assert [d.rule for d in _run(repo)] == ["SRC052"]      # the record is unchanged: stale
    assert len(reads) == 1
    assert _sync(repo, "docs/chapters/copy0.id.md").returncode == 0
    assert _run(repo) == []                                # the new record is read
    assert len(reads) == 2


def test_a_page_about_the_project_is_tracked_as_a_whole(tmp_path):
    """A `grounding: meta` page (home, course outline, downloads) has no units to compare, but
    its translation can still go stale: the course page's printing section did, unnoticed. Any
    change to the English page reports the Indonesian one once, at line 1, until recorded; a
    page marked `translation: adapted` is not tracked."""
    repo = fixture_repo(tmp_path, "SRC052")
    _sync(repo, PAGE)
    en, id_ = repo / "docs/course.md", repo / "docs/course.id.md"
    en.write_text("---\ntitle: Course\ngrounding: meta\n---\n\n# Course\n\nPrint the handout.\n")
    id_.write_text("---\ntitle: Kursus\ngrounding: meta\n---\n\n# Kursus\n\nCetak bahan ajar.\n"
                   "\nCatatan khusus edisi ini.\n")
    diags = _run(repo)
    assert [(d.rule, d.path, d.line) for d in diags] == [("SRC052", "docs/course.id.md", 1)]
    assert "not recorded" in diags[0].message
    assert _sync(repo, "docs/course.id.md").returncode == 0
    assert _run(repo) == []                           # extra Indonesian content is allowed
    en.write_text(en.read_text().replace("Print the handout.", "Print the chapter's handout."))
    diags = _run(repo)
    assert [(d.rule, d.line) for d in diags] == [("SRC052", 1)]
    assert "page is stale" in diags[0].message and "docs/course.md:1" in diags[0].message
    id_.write_text(id_.read_text().replace("grounding: meta\n",
                                           "grounding: meta\ntranslation: adapted\n"))
    assert _run(repo) == []


def test_real_pages_about_the_project_are_recorded_or_adapted():
    from grounding.rules import editions
    lock = editions.load_lock(ROOT)
    for p in sorted((ROOT / "docs").rglob("*.id.md")):
        rel = str(p.relative_to(ROOT))
        meta = grounding.markdown.parse(p.read_text(encoding="utf-8")).meta
        if str(meta.get("grounding", "")) == "meta":
            adapted = str(meta.get("translation", "")) == editions.ADAPTED
            assert adapted or "page" in lock.get(rel, {}), rel

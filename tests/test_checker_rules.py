"""Each rule alone on its own fixture (tests/fixtures/<rule id>/), ruff-style.

A fixture folder holds the files that differ from the small fixture repository of
checker_fixture.py: a page (docs/chapters/example.md replaces the correct chapter), or a corpus
file (a file named X.append is appended to X). `expected.txt` is what the checker prints when
only that rule runs (`--select <id>`). The rule sections of CONTRIBUTING.md show these same
lines as the rules' examples (see scripts/grounding/docs.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker_fixture import make_repo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402
from grounding.rules import REGISTRY, Selection  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NO_FIXTURE = {"SRC099"}          # the checker's own failure: tested with a broken rule below
RULE_DIRS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name.startswith("SRC"))


def fixture_repo(tmp: Path, rule: str) -> Path:
    repo = make_repo(tmp / "repo")
    src = FIXTURES / rule
    if (src / "docs").exists():
        (repo / "docs" / "chapters" / "example.md").unlink()
    for f in sorted(p for p in src.rglob("*") if p.is_file() and p.name != "expected.txt"):
        rel = f.relative_to(src)
        if f.name.endswith(".append"):
            target = repo / str(rel)[:-len(".append")]
            target.write_bytes(target.read_bytes() + f.read_bytes())
        else:
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, repo / rel)
    return repo


def rule_output(repo: Path, rule: str) -> list:
    diags, _, checker = grounding.run(repo, [repo / "docs"], Selection((rule,)))
    out = [d.format() for d in diags]
    note = grounding.skipped_note(checker)
    return out + ([note] if note else [])


def expected(rule: str) -> list:
    return (FIXTURES / rule / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_every_rule_has_a_fixture_and_every_fixture_a_rule():
    assert set(RULE_DIRS) == set(REGISTRY) - NO_FIXTURE


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_rule_alone_on_its_fixture(tmp_path, rule):
    repo = fixture_repo(tmp_path, rule)
    out = rule_output(repo, rule)
    if os.environ.get("UPDATE_FIXTURES"):
        (FIXTURES / rule / "expected.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    assert out == expected(rule)
    diag_lines = [line for line in out if not line.startswith("check_sources:")]
    assert diag_lines and all(f": {rule} " in line for line in diag_lines), out


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_fixture_breaks_only_its_rule_family(tmp_path, rule):
    """The other rules do not fail on the fixture for a reason the fixture did not intend:
    every diagnostic of the full run is of this rule, or is listed as a consequence."""
    repo = fixture_repo(tmp_path, rule)
    # a rule not run by default would run here with every rule selected
    selection = Selection() if REGISTRY[rule].default else Selection(tuple(REGISTRY))
    diags, _, _ = grounding.run(repo, [repo / "docs"], selection)
    rules = {d.rule for d in diags}
    assert rule in rules
    allowed = {rule} | CONSEQUENCES.get(rule, set())
    assert rules <= allowed, [d.format() for d in diags if d.rule not in allowed]


# Rules a fixture also trips, because the one mistake is seen by them too.
CONSEQUENCES = {
    "SRC000": {"SRC026"}, "SRC010": {"SRC026"}, "SRC011": {"SRC026"}, "SRC012": {"SRC026"},
    "SRC001": {"SRC026", "SRC017"}, "SRC013": {"SRC026"}, "SRC002": {"SRC026", "SRC017"},
    "SRC016": {"SRC005"},                     # 41 words of "kata" are not in the source
    "SRC019": {"SRC002"},                     # the image paragraph cites nothing
    "SRC028": {"SRC002", "SRC026"},           # a misspelled exercises box is neither exempt
                                              # nor the required box
    "SRC015": {"SRC029"},                     # numbers apart: a citation without a locator
    "SRC035": {"SRC003", "SRC004"},           # the other paper's year and name are not in
                                              # the paper cited
    "SRC004": {"SRC036"},                     # "Bali Process", not in the fixture's alias
}                                             # table, is an other proper name


def test_select_and_ignore_on_the_command_line(tmp_path):
    repo = fixture_repo(tmp_path, "SRC003")
    cli = [sys.executable, str(ROOT / "scripts" / "check_sources.py"), "--root", str(repo)]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    one = subprocess.run(cli + ["--select", "SRC003"], cwd=repo, capture_output=True,
                         text=True, env=env)
    assert one.returncode == 1 and one.stdout.splitlines() == expected("SRC003")
    none = subprocess.run(cli + ["--ignore", "SRC003"], cwd=repo, capture_output=True,
                          text=True, env=env)
    assert none.returncode == 0, none.stdout
    bad = subprocess.run(cli + ["--select", "SRC9X"], cwd=repo, capture_output=True, text=True,
                         env=env)
    assert bad.returncode == 2 and "unknown rule id" in bad.stderr
    listing = subprocess.run(cli + ["--list-rules"], cwd=repo, capture_output=True, text=True)
    assert [line.split()[0] for line in listing.stdout.splitlines()] == sorted(REGISTRY)


def test_a_failing_rule_is_an_internal_error_not_a_traceback(tmp_path, monkeypatch):
    from grounding.rules import evidence
    repo = make_repo(tmp_path / "repo")

    def broken(page, unit):
        raise RuntimeError("boom")
    monkeypatch.setattr(evidence, "numbers", broken)
    checker = grounding.Checker(repo)
    checker._unit_checks = [broken]
    diags = checker.check_file(repo / "docs" / "chapters" / "example.md")
    assert [d.rule for d in diags] == ["SRC099"] and "boom" in diags[0].message


def test_rules_are_documented_in_the_registry():
    for r in REGISTRY.values():
        assert r.title and r.what and r.why and r.fix, r.id
        assert r.granularity in ("corpus", "file", "page", "unit")

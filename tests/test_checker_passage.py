"""Checking at the passage, on the real sources: a country, an organisation or a year replaced
by another that the same paper mentions elsewhere, a citation moved to another paper that
mentions the same things elsewhere, and a locator moved to a wrong passage of the same paper
are each caught, at the line and column of the word.

The unit is a real sentence of docs/chapters/causes.md (asean-efforts, lines 151-157: "Kamboja
merupakan sumber migran ... Myanmar ... (UNODC, 2009)"). Each test first asserts what makes
the swap hard: the replacement occurs in the same paper, outside the passage, so a check
against the whole paper would have let it through."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402
from grounding.rules import evidence  # noqa: E402

UNIT = ("The paper on ASEAN member states' efforts cites a 2009 publication of UNODC for the "
        "view that Cambodia is a source of migrants because of high unemployment and poverty "
        "[@asean-efforts, lines 151-157].")
SOURCE = (ROOT / "sources" / "asean-efforts.txt").read_text(encoding="utf-8").splitlines()
MARGIN = evidence.PASSAGE_MARGIN


def page(tmp_path: Path, unit: str) -> Path:
    p = tmp_path / "swap.md"
    p.write_text("---\ntitle: Swap\nsources: [asean-efforts, chrsiti2025]\n---\n\n"
                 "Filler [@chrsiti2025, line 92].\n\n" + unit + "\n", encoding="utf-8")
    return p


def check(tmp_path: Path, unit: str) -> list:
    diags, _, _ = grounding.run(ROOT, [page(tmp_path, unit)])
    return [d for d in diags if d.rule != "SRC017"]


def lines_with(key: str, pattern: str) -> list:
    text = (ROOT / "sources" / f"{key}.txt").read_text(encoding="utf-8").split("\n")
    return [i for i, ln in enumerate(text, 1) if re.search(pattern, ln)]


def outside(hits: list, first: int, last: int) -> bool:
    """Some occurrence lies outside the passage and its margin, none inside."""
    inside = [n for n in hits if first - MARGIN <= n <= last + MARGIN]
    return bool(hits) and not inside


UNIT_LINE = 8                        # the page's line holding the unit


def at(unit: str, word: str) -> tuple:
    return UNIT_LINE, unit.index(word) + 1


def test_the_real_unit_passes(tmp_path):
    assert check(tmp_path, UNIT) == []


def test_country_replaced_by_another_the_paper_mentions_elsewhere(tmp_path):
    assert outside(lines_with("asean-efforts", r"Filipina"), 151, 157)   # line 147, 174
    unit = UNIT.replace("Cambodia", "the Philippines")
    (d,) = check(tmp_path, unit)
    assert d.rule == "SRC004" and '"Philippines"' in d.message
    assert (d.line, d.col) == at(unit, "Philippines")
    assert "asean-efforts, lines 151-157" in d.message


def test_organisation_replaced_by_another_the_paper_mentions_elsewhere(tmp_path):
    assert outside(lines_with("asean-efforts", r"\bILO\b"), 151, 157)    # lines 736, 742, 1075
    unit = UNIT.replace("UNODC", "ILO")
    (d,) = check(tmp_path, unit)
    assert d.rule == "SRC004" and '"ILO"' in d.message
    assert (d.line, d.col) == at(unit, "ILO")


def test_year_replaced_by_another_the_paper_mentions_elsewhere(tmp_path):
    assert outside(lines_with("asean-efforts", r"\b2012\b"), 151, 157)   # "UNODC, 2012", l. 129
    unit = UNIT.replace("2009", "2012")
    (d,) = check(tmp_path, unit)
    assert d.rule == "SRC003" and '"2012"' in d.message
    assert (d.line, d.col) == at(unit, "2012")


def test_citation_moved_to_another_paper_that_mentions_the_same_things_elsewhere(tmp_path):
    # the paper on ASEANAPOL names Cambodia (Kamboja, line 92), but not at line 51
    assert outside(lines_with("chrsiti2025", r"Kamboja"), 51, 51)
    unit = UNIT.replace("[@asean-efforts, lines 151-157]", "[@chrsiti2025, line 51]")
    diags = check(tmp_path, unit)
    found = {(d.rule, d.col) for d in diags}
    assert ("SRC004", at(unit, "Cambodia")[1]) in found
    assert ("SRC035", at(unit, "The paper on")[1]) in found    # names a paper it does not cite
    assert all(d.line == UNIT_LINE for d in diags)


def test_locator_moved_to_a_wrong_passage_of_the_same_paper(tmp_path):
    # lines 139-145 speak of Laos, Cambodia and IOM: the same paper, the same country, but
    # neither the year 2009 nor UNODC
    assert outside(lines_with("asean-efforts", r"2009"), 139, 145)
    assert lines_with("asean-efforts", r"Kamboja")[:2] == [80, 141]
    unit = UNIT.replace("lines 151-157", "lines 139-145")
    diags = check(tmp_path, unit)
    assert {(d.rule, d.col) for d in diags} == {("SRC003", at(unit, "2009")[1]),
                                                 ("SRC004", at(unit, "UNODC")[1])}


@pytest.mark.parametrize("locator, rule", [
    ("", "SRC029"), (", p. 12", "SRC030"), (", lines 1190-1250", "SRC031"),
    (", lines 157-151", "SRC032"), (", lines 100-157", "SRC033")])
def test_locator_problems_are_errors_at_the_citation(tmp_path, locator, rule):
    unit = UNIT.replace(", lines 151-157", locator)
    diags = [d for d in check(tmp_path, unit) if d.rule.startswith("SRC03") or
             d.rule == "SRC029"]
    assert [d.rule for d in diags] == [rule]
    assert (diags[0].line, diags[0].col) == (UNIT_LINE, unit.index("@asean-efforts") + 1)
    if rule == "SRC031":
        assert f"which has {len(SOURCE)} lines"       # as sed -n and grep -n count in diags[0].message

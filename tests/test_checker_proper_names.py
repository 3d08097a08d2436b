"""Rule SRC036 (other proper names) and its exclusions, on the real sources: each exclusion
lets through what is not a name and still reports a real name the passage lacks."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402

KEY = "intl-law-effectiveness"


def found(tmp_path: Path, unit: str) -> list:
    p = tmp_path / "names.md"
    p.write_text(f"---\ntitle: Names\nsources: [{KEY}]\n---\n\n{unit}\n", encoding="utf-8")
    diags, _, _ = grounding.run(ROOT, [p])
    return [(d.rule, d.message.split('"')[1]) for d in diags if d.rule in ("SRC004", "SRC036")]


def test_a_part_of_a_hyphenated_compound_is_in_the_passage(tmp_path):
    # the source writes "jalan Anyer-Panarukan" (line 199); its normalised text "AnyerPanarukan"
    unit = "One paper links prostitution in Java to the Anyer–{} road [@{}, lines 193-201]."
    assert found(tmp_path, unit.format("Panarukan", KEY)) == []
    assert found(tmp_path, unit.format("Bogor", KEY)) == [("SRC036", "Bogor")]


def test_a_language_label_is_not_a_name_but_the_adjective_is(tmp_path):
    unit = ("The paper names the commission, in Indonesian *Komisi Status Perempuan*, as the body "
            "that began to discuss trafficking [@{}, lines 219-221].")
    assert found(tmp_path, unit.format(KEY)) == []
    unit = "Indonesian officials, the paper says, began to discuss it [@{}, lines 219-221]."
    assert found(tmp_path, unit.format(KEY)) == [("SRC004", "Indonesian")]


def test_a_one_word_name_counts_only_capitalised(tmp_path):
    # "Article" is in the alias table as "Pasal"; "an article" is an ordinary word
    assert found(tmp_path, f"Article 3 of the protocol lists the acts [@{KEY}, lines 86-90].") == []
    assert found(tmp_path, f"John Ingleson wrote an article on Java [@{KEY}, lines 193-201].") == []
    assert found(tmp_path, f"Article 3 of Ingleson's essay deals with Java [@{KEY}, "
                           "lines 193-201].") == [("SRC004", "Article")]


def test_a_rendering_after_a_quotation_is_the_originals(tmp_path):
    unit = ("It says the commission was \"Komisi Status Perempuan\" ('the Commission on the Status "
            "of Women'), as the {} did [@{}, lines 219-221].")
    assert found(tmp_path, unit.format("body", KEY)) == []
    assert found(tmp_path, unit.format("Geneva Office", KEY)) == [("SRC036", "Geneva Office")]

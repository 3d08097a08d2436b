"""Rule SRC036 (other proper names) and its exclusions, on the real sources: each exclusion
lets through what is not a name and still reports a real name the passage lacks. The second
half checks the Indonesian edition (*.id.md): its openers, months, language labels, "dan",
"-nya", "Tahun" and English renderings, and its names found through the alias table."""
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


def test_the_verdict_on_a_name_does_not_depend_on_where_the_line_is_wrapped(tmp_path):
    """A word at the start of a source line of a paragraph starts no sentence (the line break
    is white space): a name there is checked as anywhere else in the sentence. It used to be
    taken for a sentence's first word, and an invented name wrapped onto a new line passed."""
    unit = "One paper links prostitution in Java to the road through{}Bogor [@{}, lines 193-201]."
    for wrap in (" ", "\n"):
        assert found(tmp_path, unit.format(wrap, KEY)) == [("SRC036", "Bogor")], repr(wrap)
    # a new sentence on a new line, after a citation, and a line after a <br> start afresh
    unit = ("One paper links prostitution in Java to the Anyer–Panarukan road [@{0}, lines "
            "193-201].\nTreat it as one paper's account [@{0}, lines 193-201].<br>\n"
            "Used in the chapter on causes [@{0}, lines 193-201].")
    assert found(tmp_path, unit.format(KEY)) == []


# --------------------------------------------------------------------------- the Indonesian edition

def found_id(tmp_path: Path, unit: str, key: str) -> list:
    """SRC004/SRC036 findings for one unit on an Indonesian page (``*.id.md``)."""
    p = tmp_path / "names.id.md"
    p.write_text(f"---\ntitle: Nama\nsources: [{key}]\n---\n\n{unit}\n", encoding="utf-8")
    diags, _, _ = grounding.run(ROOT, [p])
    return [(d.rule, d.message.split('"')[1]) for d in diags if d.rule in ("SRC004", "SRC036")]


# chrsiti2025 line 92: "Aseanapol dibentuk pada tahun 1981 di Manila, Filipina ... terdiri dari
# Indonesia, Filipina, Thailand, Singapura, Malaysia, Brunei Darussalam, Vietnam, Myanmar, Laos
# dan Kamboja"; no month, no "Inggris", no Bangkok within 2 lines
ASEANAPOL = "chrsiti2025, line 92"


def test_an_indonesian_page_reports_a_name_its_passage_lacks(tmp_path):
    unit = "Aseanapol dibentuk pada 1981 di {} oleh kepala kepolisian ASEAN [@" + ASEANAPOL + "]."
    assert found_id(tmp_path, unit.format("Manila"), "chrsiti2025") == []
    assert found_id(tmp_path, unit.format("Bangkok"), "chrsiti2025") == [("SRC036", "Bangkok")]
    # "dan" between two names joins nothing: both are in the passage, the phrase is not
    unit = "Anggotanya termasuk Thailand dan {} [@" + ASEANAPOL + "]."
    assert found_id(tmp_path, unit.format("Kamboja"), "chrsiti2025") == []
    assert found_id(tmp_path, unit.format("Jepang"), "chrsiti2025") == [("SRC036", "Jepang")]
    # an institution swapped for one the passage does not name
    unit = "Artikel itu mengutip {} untuk angka kemiskinan [@intl-law-effectiveness, line 261]."
    assert found_id(tmp_path, unit.format("Badan Pusat Statistik"), KEY) == []
    assert found_id(tmp_path, unit.format("Badan Intelijen Negara"), KEY) == \
        [("SRC036", "Badan Intelijen Negara")]


def test_indonesian_openers_months_and_language_labels_are_not_names(tmp_path):
    for unit in ("Di Manila, Aseanapol dibentuk pada 1981",            # opener
                 "Pada Oktober 1981 Aseanapol dibentuk di Manila",     # opener, month
                 "Aseanapol dibentuk pada Januari 1981 di Manila",     # month
                 "Artikel berbahasa Indonesia itu tidak memberi istilah Inggrisnya untuk Aseanapol",
                 "Artikel itu menulis Aseanapol juga dalam bahasa Inggris"):  # labels
        assert found_id(tmp_path, f"{unit} [@{ASEANAPOL}].", "chrsiti2025") == [], unit
    # the same word naming the country is a name
    unit = f"Aseanapol dibentuk pada 1981 bersama polisi Inggris [@{ASEANAPOL}]."
    assert found_id(tmp_path, unit, "chrsiti2025") == [("SRC036", "Inggris")]
    # the primer's English rendering after "dalam bahasa Inggris"; the original is checked
    unit = "*Badan Pusat {}*; dalam bahasa Inggris *Central Statistics Agency* [@" + KEY + \
        ", line 261]."
    assert found_id(tmp_path, unit.format("Statistik"), KEY) == []
    assert found_id(tmp_path, unit.format("Data"), KEY) == [("SRC036", "Badan Pusat Data")]


def test_indonesian_suffix_and_year_label_are_not_part_of_a_name(tmp_path):
    # "-nya" ('its') on a name: Indonesianya is Indonesia (chrsiti2025 92 names Indonesia)
    unit = "Artikel itu menyebut anggota {} di antara sepuluh negara [@" + ASEANAPOL + "]."
    assert found_id(tmp_path, unit.format("Indonesianya"), "chrsiti2025") == []
    assert found_id(tmp_path, unit.format("Jepangnya"), "chrsiti2025") == [("SRC036", "Jepang")]
    # "Tahun" before a year (tppo-drivers 112: "Lembaran Negara Republik Indonesia Tahun 2007
    # No. 58"); the year is a number, checked by SRC003
    unit = "Undang-undang itu diundangkan dalam {} Tahun 2007 No. 58 [@tppo-drivers, " \
        "lines 110-112]."
    assert found_id(tmp_path, unit.format("Lembaran Negara"), "tppo-drivers") == []
    assert found_id(tmp_path, unit.format("Berita Negara"), "tppo-drivers") == \
        [("SRC036", "Berita Negara")]


def test_an_indonesian_rendering_is_accepted_through_the_alias_table(tmp_path):
    # an Indonesian key: "Organisasi Perburuhan Internasional: [ILO, International Labour
    # Organization, ...]" (asean-efforts 1074-1075 has both)
    unit = "Artikel itu mengutip Organisasi Perburuhan Internasional [@{}]."
    assert found_id(tmp_path, unit.format("asean-efforts, lines 1074-1075"), "asean-efforts") == []
    assert found_id(tmp_path, unit.format(ASEANAPOL), "chrsiti2025") == \
        [("SRC004", "Organisasi Perburuhan Internasional")]
    # a form of an English name, read backwards ("Criminal Code: [KUHP, Kitab Undang-Undang
    # Hukum Pidana]"; tppo-drivers 347 writes KUHP)
    unit = "Artikel itu beralih ke Kitab Undang-Undang Hukum Pidana [@{}]."
    assert found_id(tmp_path, unit.format("tppo-drivers, lines 346-348"), "tppo-drivers") == []
    assert found_id(tmp_path, unit.format(ASEANAPOL), "chrsiti2025") == \
        [("SRC036", "Kitab Undang-Undang Hukum Pidana")]
    # one word read backwards ("Protocol: [Protokol]"; asean-efforts 736 writes "Protocol ILO")
    unit = "Definisi kerja paksa diambil dari Protokol ILO tahun 2014 [@{}]."
    assert found_id(tmp_path, unit.format("asean-efforts, line 736"), "asean-efforts") == []
    assert ("SRC036", "Protokol") in found_id(
        tmp_path, unit.format("asean-efforts, lines 1074-1075"), "asean-efforts")
    # a form with an acronym inside, found in the text ("United Nations General Assembly:
    # [Majelis Umum PBB, sidang umum PBB, ...]"; tppo-drivers 214 writes "sidang umum PBB")
    unit = "Definisi itu berasal dari Majelis Umum PBB pada 1994 [@{}]."
    assert found_id(tmp_path, unit.format("tppo-drivers, lines 214-215"), "tppo-drivers") == []
    assert ("SRC036", "Majelis Umum PBB") in found_id(
        tmp_path, unit.format("tppo-drivers, lines 346-348"), "tppo-drivers")
    # the English pages do not read the table backwards: there the form is a name as written
    p = tmp_path / "names.md"
    p.write_text("---\ntitle: Names\nsources: [tppo-drivers]\n---\n\nThe paper turns to the "
                 "Kitab Undang-Undang Hukum Pidana [@tppo-drivers, lines 346-348].\n",
                 encoding="utf-8")
    diags, _, _ = grounding.run(ROOT, [p])
    assert [(d.rule, d.message.split('"')[1]) for d in diags if d.rule == "SRC036"] == \
        [("SRC036", "Kitab Undang-Undang Hukum Pidana")]


def test_an_acronym_with_the_enclitic_nya_is_checked(tmp_path):
    # pradityo2021 1273: "ASEAN menginkorporasikan HAM"; "-nya" ('its') is not part of the
    # acronym, which used to make "HAM-nya" pass unread
    unit = "ASEAN memasukkan perdagangan orang ke dalam agenda {}-nya [@pradityo2021, lines " \
        "1273-1280]."
    assert found_id(tmp_path, unit.format("HAM"), "pradityo2021") == []
    assert found_id(tmp_path, unit.format("XQZ"), "pradityo2021") == [("SRC004", "XQZ")]

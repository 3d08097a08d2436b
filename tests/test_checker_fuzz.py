"""Property-based fuzzing: whatever Markdown or BibTeX a contributor writes, the checker answers
with diagnostics, never with a crash."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import grounding
from checker_fixture import CHAPTER, make_repo, pin

MD_PIECES = st.sampled_from([
    "---\n", "title: x\n", "sources: [alpha2020]\n", "sources: [\n", "objectives: 3\n",
    "\n", "# Heading\n", "Para 1981 [@alpha2020].\n", "[@", "@beta", "[@nokey]", "]",
    "| a | b |\n", "|---|---|\n", "| 2015 | [@beta] |\n", "- item\n", "1. item\n",
    "!!! exercises \"Q\"\n", "    indented\n", "```\n", "~~~\n", "> quote\n", "\"",
    "“kutipan”", "200,000", "4.5 million", "30%", "<script>", "<!--", "-->", "[^1]: note\n",
    "\t", "ASEANAPOL", "Palermo Protocol", "{: .x }\n", "\u00a0", "é", "\x00",
])


@st.composite
def markdown(draw):
    parts = draw(st.lists(st.one_of(MD_PIECES, st.text(max_size=30)), max_size=40))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(markdown())
def test_markdown_never_crashes_the_checker(text):
    diags: list = []
    checker = _checker()
    checker.check_text(text, "docs/chapters/fuzz.md", diags)
    for d in diags:
        assert d.rule in grounding.RULES and d.line >= 1 and d.col >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash_the_checker(data):
    checker = _checker()
    path = _tmp() / "bytes.md"
    path.write_bytes(data)
    for d in checker.check_file(path):
        assert "internal checker error" not in d.message, d.format()


BIB_PIECES = st.sampled_from(["@article{", "@misc(", "key,", "title = {", "}", "{", "\"", ",",
                              "year = 2020", " # ", "@comment{x}", "%", "\n", "=", "file",
                              "@", "author = {A and B}", ")"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(BIB_PIECES, st.text(max_size=10)), max_size=40))
def test_bibtex_never_crashes_the_parser(parts):
    diags: list = []
    entries, lines = grounding.parse_bibtex("".join(parts), "bibliography.bib", diags)
    assert set(entries) == set(lines)
    for d in diags:
        assert d.rule == "SRC020" and d.line >= 1


# one fixture repository for the whole module (hypothesis calls the tests many times)
_STATE: dict = {}


def _tmp() -> Path:
    if "tmp" not in _STATE:
        import tempfile
        _STATE["tmp"] = Path(tempfile.mkdtemp(prefix="fuzz-"))
    return _STATE["tmp"]


def _checker():
    if "checker" not in _STATE:
        root = make_repo(_tmp() / "repo")
        _STATE["checker"] = grounding.Checker(root)
    return _STATE["checker"]


def test_fixture_chapter_is_clean():
    diags: list = []
    _checker().check_text(pin(CHAPTER), "docs/chapters/example.md", diags)
    assert not diags, [d.format() for d in diags]


# --------------------------------------------------------------------------- the parse's shortcut

BLOCK_PIECES = st.sampled_from([
    "# H\n", "Text\n", "===\n", "---\n", "- item\n", "  - sub\n", "1. one\n", "> quote\n",
    "```\n", "~~~\n", "    code\n", "!!! note \"T\"\n", "??? tip\n", "=== \"Tab\"\n",
    "[^1]: foot\n", "[a]: /url\n", "Term\n", ": def\n", "~ def\n", "  : def\n", "<div>\n",
    "<!-- c -->\n", "| a | b |\n", "|---|---|\n", "\n", "* * *\n", "\t", "- ---\n", "> - x\n",
    "[^2]: ***\n", ": ___\n", "1. - - -\n", "  ***\n",
])


def _tokens(parser, src):
    env: dict = {}
    toks = [(t.type, t.map, t.tag, t.markup, t.info, t.content, t.level, t.meta)
            for t in parser.parse(src, env)]
    return toks, repr(sorted(env.items()))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(BLOCK_PIECES, st.text(max_size=12)), max_size=30).map("".join))
def test_leaving_out_block_rules_whose_marker_is_absent_changes_no_token(text):
    """markdown.parse leaves out the block rules whose marker is not in the page (a faster
    parse); the tokens must be those of the whole parser, on any text."""
    from grounding import markdown as md
    src = text.replace("\r\n", "\n").replace("\r", "\n")
    assert _tokens(md._parser(md._idle_rules(src)), src) == _tokens(md._parser(), src)


def test_the_real_pages_parse_the_same_without_their_idle_block_rules():
    from grounding import markdown as md
    root = Path(__file__).resolve().parent.parent
    idle_seen = set()
    for page in sorted((root / "docs").rglob("*.md")):
        src = page.read_text(encoding="utf-8")
        idle = md._idle_rules(src)
        idle_seen |= idle
        assert _tokens(md._parser(idle), src) == _tokens(md._parser(), src), page
    assert {"fence", "footnote_def", "deflist", "hr"} <= idle_seen      # the shortcut is in use


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["AB", "A-B", "x-AB", "e-KTP", "ABs", "A1B", "-", "_", "'s", " ",
                                 "a", "B", "9", "\n", "é", "ASEAN", "(", ".", "-nya", "nya"]),
                max_size=25)
       .map("".join))
def test_the_two_fast_acronym_patterns_find_what_the_one_pattern_finds(text):
    from grounding.rules import evidence as E
    assert E.acronyms(text) == [(m.start(), m.group(1)) for m in E._ACRONYM.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["|", "\\", "\\|", "a", " ", "`", "x y", "é"]), max_size=30)
       .map("".join))
def test_the_table_row_split_is_markdown_its_own(row):
    from grounding import markdown as md
    assert md._split_row(row) == md._ESCAPED_SPLIT(row)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", "-", "--", " ", "_", "'", ".", "\n", "9", "é", "İ",
                                 "ı", "ſ", "K", "Σ", "ΑΣ.Β", "ß", "ﬁ", "Ǆ", "\u0307"]),
                max_size=30).map("".join))
def test_the_copy_rule_reads_the_same_words_with_and_without_offsets(text):
    """SRC006 rules a unit out from its words alone (text.doc_words, done in C) and reads its
    words with their offsets (doc_word_tokens) only for a shared run: the two must agree."""
    from grounding import text as T
    assert T.doc_words(text) == [w for _, _, w in T.doc_word_tokens(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb",
                                 "\u2018", "\u2019", "\u201a", "\u00a0", "a", " ", "\"", "'",
                                 "\n"]), max_size=30).map("".join))
def test_quotation_marks_are_unified_as_the_translation_table_says(text):
    from grounding import text as T
    assert T.translate_quotes(text) == text.translate(T._QUOTE_CHARS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "  ", "-", "- ", "-\n", "\n", "\t", "\u00a0",
                                 "\u2003", "\x1c", "\x85", "\u3000", ",", ".", ";", ":", "!",
                                 "?", ")", "]", "(", "[", "x-y", "é", "\"", "'"]),
                max_size=30).map("".join))
def test_the_fast_canonical_form_is_the_four_substitutions(text):
    """Units, passages and sources are normalised by split/join and str.replace; the result must
    be what the four regular-expression steps give, for every kind of white space."""
    from grounding import text as T
    assert T.canonical_translated(text) == T.canonical_by_regex(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["asean", "a", "_", "-", " ", "\n", "é", "9", "asean_", "ASEAN",
                                 "x", ".", "ı", "ſ"]), max_size=20).map("".join),
       st.sampled_from(["asean", "a", "a.b", "é", "9", "x y", "asean."]),
       st.sampled_from([r"\w", r"[^\W_]"]))
def test_a_whole_word_pattern_opening_with_its_literal_finds_what_the_look_behind_finds(
        text, literal, word):
    """corpus.whole() writes (?<!w)literal(?!w) with the look-behind after the literal (so the
    engine scans for the literal in C): the matches must be the same."""
    import re
    from grounding import corpus as C
    plain = re.compile(f"(?<!{word})" + re.escape(literal) + f"(?!{word})")
    assert [m.span() for m in C.whole(literal, word).finditer(text)] == \
        [m.span() for m in plain.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", "-", "--", "---", " ", "_", "'", ".", "\n", "\t",
                                 "9", "x-y", "-a", "a-", " - ", "\x7f", "\x00", "A1"]),
                max_size=30).map("".join))
def test_the_copy_rule_reads_ascii_words_as_the_word_pattern_does(text):
    """doc_words reads an ASCII text with str.translate and split (no regular expression):
    the words must be those of _DOC_WORD, lower-cased, their hyphens deleted."""
    from grounding import text as T
    assert T.doc_words(text) == [w.replace("-", "") for w in T._DOC_WORD.findall(text.lower())]

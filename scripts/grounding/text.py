"""Text normalisation shared by the corpus index and the rules: quotation/hyphen/space
canonical form, number readings (200,000 = 200.000; 4,5 juta = 4.5 million), word n-grams."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from operator import methodcaller

COPY_NGRAM = 12             # words: a shared run this long outside a quotation is copying


_QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                              "\u00ab": '"', "\u00bb": '"', "\u2018": "'", "\u2019": "'",
                              "\u201a": "'", "\u00a0": " "})
_HYPHEN_BREAK = re.compile(r"-\s*")
_SPACE = re.compile(r"\s+")
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?)\]])")
_OPEN_SPACE = re.compile(r"([(\[])\s+")


def canonical(text: str) -> str:
    """Form used for quotations and names: quote characters unified, hyphens deleted with the
    white space after them (so line-break hyphenation ``perda-\\ngangan`` and the compound
    ``negara-negara`` compare equal on both sides), white space collapsed, no space before
    punctuation."""
    return canonical_translated(translate_quotes(text))


# _QUOTE_CHARS as (character, replacement) pairs. str.translate looks every character of the
# text up in the table in Python's dict, 100 times slower here than one str.replace (in C) per
# quotation character the text contains; the result is the same, each character being replaced
# by one that is not itself replaced.
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTE_CHARS.items())


def translate_quotes(text: str) -> str:
    """The first step of ``canonical``: quotation marks unified, no-break spaces made spaces
    (one character for one, so line breaks and offsets are kept)."""
    for char, plain in _QUOTE_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


def canonical_translated(text: str) -> str:
    """``canonical`` of a text whose quotation marks are already unified (``translate_quotes``):
    the rest of the steps. ``canonical(t) == canonical_translated(translate_quotes(t))``.

    The same as ``canonical_by_regex`` (the steps as four substitutions), two to three times
    faster: the checker normalises every unit and every cited passage, and this was a tenth of
    its time. str.split() splits at exactly the characters re's ``\\s`` matches (both are
    str.isspace), so splitting and joining collapses white space as ``_SPACE.sub`` does, and
    strips it at both ends; after it every space is a single " ", so the space before a
    closing mark and after an opening one is one two-character string, replaced in C (a
    replacement removes a space, so it can never make another pair)."""
    if "-" in text:
        text = _HYPHEN_BREAK.sub("", text)
    text = " ".join(text.split())
    for spaced, tight in _TIGHTEN:
        if spaced in text:
            text = text.replace(spaced, tight)
    return text


_TIGHTEN = tuple((" " + c, c) for c in ",.;:!?)]") + (("( ", "("), ("[ ", "["))


def canonical_by_regex(text: str) -> str:
    """``canonical_translated`` as four regular-expression substitutions: the definition the
    fast form is tested against (tests/test_checker_fuzz.py) and the benchmark's floor."""
    text = _HYPHEN_BREAK.sub("", text)
    text = _SPACE.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    return _OPEN_SPACE.sub(r"\1", text).strip()


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DOC_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_NUM_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_MULTIPLIERS = {"ribu": 3, "thousand": 3, "juta": 6, "million": 6, "millions": 6,
                "miliar": 9, "milyar": 9, "billion": 9, "billions": 9, "triliun": 12,
                "trillion": 12}


# Small numbers a source spells out ("lima", "sembilan dari sepuluh") count as their digits.
NUMBER_WORDS = {w: str(n) for n, ws in enumerate([
    [], ["satu", "one"], ["dua", "two"], ["tiga", "three"], ["empat", "four"], ["lima", "five"],
    ["enam", "six"], ["tujuh", "seven"], ["delapan", "eight"], ["sembilan", "nine"],
    ["sepuluh", "ten"], ["sebelas", "eleven"], ["twelve"]]) for w in ws}
_GLUED_FOOTNOTE = re.compile(r"((?:19|20)\d\d)\.(\d{1,3})")


def _fmt(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f")


def number_readings(token: str, next_word: str = "", *, source: bool = False) -> set[str]:
    """All values a written number can stand for. ``200,000`` and ``200.000`` read 200000;
    ``2,5`` and ``2.5`` read 2.5; a lone separator before three digits (``1.500``) is read both
    ways. A following ``juta``/``million`` etc. multiplies; in a source both the bare and the
    multiplied value are indexed, in the primer only the multiplied one counts."""
    readings: set[str] = set()
    seps = re.findall(r"[.,]", token)
    groups = re.split(r"[.,]", token)
    try:
        if not seps:
            readings.add(_fmt(Decimal(token)))
        elif len(set(seps)) == 2:
            dec = seps[-1]
            thou = "," if dec == "." else "."
            readings.add(_fmt(Decimal(token.replace(thou, "").replace(dec, "."))))
        else:
            if all(len(g) == 3 for g in groups[1:]):
                readings.add(_fmt(Decimal("".join(groups))))
            if len(seps) == 1:
                readings.add(_fmt(Decimal(token.replace(",", "."))))
    except InvalidOperation:
        return readings
    power = _MULTIPLIERS.get(next_word.lower())
    if power:
        multiplied = {_fmt(Decimal(r) * (Decimal(10) ** power)) for r in readings}
        return readings | multiplied if source else multiplied
    return readings


_READINGS: dict = {}


def readings(token: str, next_word: str = "", source: bool = False) -> frozenset:
    """``number_readings``, memoised (texts repeat their numbers: years, law numbers); the
    result depends on the next word only through its multiplier. Read-only."""
    key = (token, _MULTIPLIERS.get(next_word.lower()), source)
    found = _READINGS.get(key)
    if found is None:
        if len(_READINGS) > 100_000:
            _READINGS.clear()
        found = _READINGS[key] = frozenset(number_readings(token, next_word, source=source))
    return found


def ngram_hashes(words: list) -> list:
    """Hashes of every run of COPY_NGRAM consecutive words (computed in C via zip)."""
    return list(map(hash, zip(*(words[i:] for i in range(COPY_NGRAM)))))


_DOC_WORD_SPLIT = re.compile("(" + _DOC_WORD.pattern + ")", re.UNICODE)
# ASCII characters that are not in a word as _DOC_WORD reads words, nor a hyphen: a space
# (str.translate has a fast path for ASCII text and an ASCII table)
_ASCII_NOT_WORD = str.maketrans({chr(c): " " for c in range(128)
                                 if not (chr(c).isalnum() or chr(c) == "-")})
_DEHYPHEN = methodcaller("replace", "-", "")


def doc_words(text: str) -> list:
    """The tokens of ``doc_word_tokens`` without their offsets.

    Done in C for a text whose lower-case form has one character for each of its characters
    (then lower-casing first finds the same words, lower-cased) and no capital sigma (whose
    lower-case form depends on the next word): the words of the lower-cased text, their
    hyphens deleted in one pass over the words joined by NUL, which no word contains.

    An ASCII text (most units) is read without the regular-expression engine, five times
    faster: every character but a letter, a digit or a hyphen becomes a space, and so does
    every hyphen next to another one (in "a--b" neither joins a word); then every hyphen left
    is deleted, which joins the two parts of a word ("a-b") and changes nothing next to a
    space or at an end, and the text is split at the spaces (tests/test_checker_fuzz.py)."""
    if text.isascii():
        words = text.lower().translate(_ASCII_NOT_WORD)
        if "-" in words:
            while "--" in words:
                words = words.replace("--", "  ")
            words = words.replace("-", "")
        return words.split()
    low = text.lower()
    if len(low) == len(text) and "\u03a3" not in text:
        words = _DOC_WORD.findall(low)
        return "\0".join(words).replace("-", "").split("\0") if words else []
    return list(map(str.lower, map(_DEHYPHEN, _DOC_WORD.findall(text))))


def doc_word_tokens(text: str) -> list:
    """[(start, end, token)] for the words of primer text, in the canonical form of sources.

    This runs for every word of every cited unit, so the per-word work is done in C: split()
    with a capturing group gives the text between words and the words in turn, and the running
    sum of their lengths gives each word's offsets (the same matches as _DOC_WORD.finditer)."""
    parts = _DOC_WORD_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    return list(zip(offsets[1::2], offsets[2::2],
                    map(str.lower, map(_DEHYPHEN, parts[1::2]))))


# Characters that case-ignoring matching pairs with an ASCII letter although lower() does not
# turn them into it (dotless i, long s; the dotted capital I lower-cases to two characters).
_FOLDS_OFF_ASCII = re.compile("[\u0130\u0131\u017f]")


def lower_safe(text: str) -> bool:
    """Matching ASCII names case-sensitively in ``text.lower()`` finds the same positions as
    matching them case-insensitively in ``text``: every character lower-cases to one
    character (so offsets are kept, word characters stay word characters), and none is one
    that ``re.I`` pairs with an ASCII letter otherwise (the Kelvin sign lower-cases to k)."""
    return text.isascii() or (_FOLDS_OFF_ASCII.search(text) is None
                              and len(text.lower()) == len(text))

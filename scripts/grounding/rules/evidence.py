"""Evidence rules: the numbers, names and quotations of a cited unit are in what it cites, and
nothing is copied without quotation marks.

What a unit "cites" is its evidence scope (``unit.scopes``): for a citation with a locator,
the located lines of the source with a margin of ``PASSAGE_MARGIN`` lines on each side (text
extraction breaks a sentence over several short lines); for a citation without one, the
whole source (and the locator rules report the missing locator).
"""
from __future__ import annotations

import difflib
import re

from . import Rule, check
from .citations import cut, preview
from .descriptors import unit_spans as descriptor_spans
from ..text import COPY_NGRAM, doc_word_tokens, doc_words, ngram_hashes

NUMBER_WINDOW = 80          # words: the numbers of one sentence must fit in a span this long
QUOTE_MAX_WORDS = 40        # words: the longest quotation allowed
PASSAGE_MARGIN = 2          # lines around a locator that still count as the passage

NUMBER = Rule(
    "SRC003", "numbers are in the cited passage", "unit",
    "number \"{token}\" does not occur in {where}",
    "check the figure against the source, or cite the passage that gives it",
    what="Write numbers as digits. Every number in a cited unit occurs in the cited passage "
         "(the located lines, 2 lines either side) of one of its sources. Common forms are "
         "matched: `200,000` matches `200.000`, `4.5 million` matches `4,5 juta`, `30%` "
         "matches `30 persen`, `Law No. 21 of 2007` matches `UU No. 21 Tahun 2007`, and a small "
         "number the source spells out (`lima`) matches its digits. A number that is part of a "
         "DOI printed in the passage (`ajis.10.1.151`) counts as in the passage.",
    why="A figure is the claim a reader is most likely to repeat; it must be the source's.",
    fix="Check the figure in the passage and correct it, or cite the passage that gives it.",
    replaces="SRC003 (number not in source)", topic="evidence")

NUMBERS_APART = Rule(
    "SRC015", "a sentence's numbers come from one passage", "unit",
    "numbers {tokens} of one sentence never occur within {window} words of each other in "
    "{where}{detail}",
    "a number may belong to another passage: check the figure, or split the sentence so that "
    "each cites its own passage",
    what="For a citation without a locator: the numbers of one sentence occur within 80 words "
         "of each other in one source, so that a figure cannot be attached to the wrong year.",
    why="Both numbers may be in the paper, but in different places and about different things.",
    fix="Check which number belongs elsewhere; split the sentence, each part citing its own "
        "passage. A locator makes this rule unnecessary: the passage check is stricter.",
    replaces="SRC003 (numbers far apart)", topic="evidence")

NAME = Rule(
    "SRC004", "names are in the cited passage", "unit",
    "name \"{name}\"{forms} does not occur in {where}",
    "cite the passage that names it, or add the form the source uses to scripts/data/aliases.yml",
    what="Every acronym (ASEANAPOL, ACTIP...; with a plural `s` or the Indonesian `-nya`, "
         "`HAM-nya`, the acronym without it), every name listed in `scripts/data/aliases.yml` "
         "and every other proper name in a cited unit (places, institutions, instruments: "
         "capitalised words and runs of them) occurs in the cited passage, as written or in one "
         "of the forms the alias table lists for it (`Philippines: [Filipina]`). Not names of "
         "the passage: the words of a paper descriptor declared in `scripts/data/descriptors.yml` "
         "(\"the paper on ASEANAPOL\"), written exactly so, in a unit that cites that paper "
         "(SRC035 covers a descriptor of a paper the unit does not cite); and the text of a link "
         "to another page of the primer (`[ASEAN mechanisms](asean.md)`), which is the page's "
         "title. Glossary links name a term and are checked.",
    why="A name the passage does not mention is a claim the passage does not make: an invented "
        "institution, a country swapped for another.",
    fix="Cite the passage that names it. If the source uses another spelling or the Indonesian "
        "name, add that form to the name's line in `scripts/data/aliases.yml` (only a form that "
        "means the same thing). A capitalised word that is not a name can be listed under "
        "`_not_names`.", replaces="SRC004 (name not in source)", topic="evidence")

PROPER = Rule(
    "SRC036", "other proper names are in the cited passage", "unit",
    "name \"{name}\" does not occur in {where}",
    "cite the passage that names it, or add the form the source uses to scripts/data/aliases.yml",
    what="Every other capitalised name of a cited unit (a run of capitalised words such as "
         "`Southeast Asia` or `Ministry of Social Affairs`, or one capitalised word inside a "
         "sentence) occurs in the cited passage, as written or in a form the alias table "
         "lists; what is left of a run around an acronym or an alias-table name is checked on "
         "its own (`Indonesia's` in `Indonesia's Directorate General of Immigration`). A name "
         "also counts when the passage has it as a hyphen-separated part of a compound or a "
         "web address (`Anyer-Panarukan`, `...-jakarta-8-may-2011/`), which the normalised "
         "text joins into one word. Not taken for names: (1) a word that starts a sentence, a "
         "list item, a table cell or a line after `<br>`, on its own, and a first word there "
         "that any sentence may start with (`The`, `In`, `Citing`, `Besides`, `Era`...); the "
         "start of a wrapped line is not such a start (a name there is checked as anywhere "
         "else in its sentence); (2) months and days; (3) "
         "`English` and `Indonesian` naming a language: `in Indonesian` before punctuation, "
         "a quotation or an italic term, `the English term`/`rendering`/`abstract`..., `the "
         "English *stateless*`, `(English in the source)`; the same words as adjectives "
         "(`Indonesian law`, `Indonesian missions`) are names, looked up through the alias "
         "table as `Indonesia`, the form the Indonesian sources use as the adjective; this "
         "exclusion applies to SRC004 too; (4) the words of the primer's own English "
         "rendering in single quotes right after a quotation or an italic term "
         "(`\"Pasal 3\" ('Article 3')`, `*Badan Pusat Statistik* ('Central Statistics "
         "Agency')`): its names are the original's, and the original is checked (the "
         "quotation verbatim by SRC005, the italic term's capitalised words by this rule); "
         "whether the rendering is a faithful translation stays a reviewer's judgement. A "
         "one-word alias-table name counts only capitalised as the table writes it "
         "(`Article 3`, not `an article`). The Indonesian edition (`*.id.md`) is read as "
         "Indonesian: its openers are the words its sentences start with (`Di`, `Pada`, "
         "`Menurut`, `Setelah`, `Lihat`, `Diterima`...), its months and days are Indonesian "
         "(`Januari`, `Senin`), a name runs on over `untuk`, `tentang` and `terhadap` (`Kantor "
         "PBB untuk Narkoba dan Kejahatan`) and over `dan` only after one of them (`Kamboja dan "
         "Thailand` is two names), `bahasa Inggris`, `berbahasa Indonesia` and `istilah "
         "Inggrisnya` are language labels, `-nya` on a name is cut off (`Indonesianya`), "
         "`Tahun` before a year is the year of a designation (`Lembaran Negara Tahun 2007`), "
         "and the English rendering after the original term, `; dalam bahasa Inggris *...*`, "
         "is the primer's, as in (4). There a form the alias table lists for an English name "
         "(`Protokol Palermo`, `Majelis Umum PBB`) is a name too, looked up with every form "
         "of its entry; an Indonesian name no source writes is a key of the table "
         "(`Organisasi Perburuhan Internasional: [ILO, International Labour Organization]`).",
    why="A name the passage does not mention is a claim the passage does not make; the alias "
        "table (SRC004) covers only the names listed in it.",
    fix="As for SRC004: cite the passage that names it, or add the source's form of the name "
        "to `scripts/data/aliases.yml` (a form the source text contains). A language label or "
        "a heading word the rule takes for a name is a bug in the rule: report it rather than "
        "rewording the text.", topic="evidence")

MISQUOTE = Rule(
    "SRC005", "quotations are verbatim", "unit",
    "quotation \"{quote}\" is not verbatim in {where}{diff}",
    "{closest}copy the words exactly as the source has them, or use italics instead of "
    "quotation marks for a term",
    what="Text in double quotes is found word for word in the cited passage (quotation marks, "
         "hyphenation at line breaks and spacing are normalised; `...` separates parts).",
    why="A quotation is the strongest claim of all: these are the source's own words.",
    fix="Copy the words exactly as the hint shows them; use *italics* rather than quotation "
        "marks for a term or a scare quote.", replaces="SRC005 (not verbatim)", topic="evidence")

LONG_QUOTE = Rule(
    "SRC016", "quotations are short", "unit",
    "quotation of {words} words is longer than {limit}",
    "shorten it with '...' or paraphrase in your own words",
    what="A quotation is at most 40 words.",
    why="Short quotation is fair use; the primer's text is its own words.",
    fix="Shorten it with `...` or paraphrase it.", replaces="SRC005 (too long)", topic="evidence")

COPIED = Rule(
    "SRC006", "no unmarked copying", "unit",
    "{run} consecutive words are copied from source {key} without quotation marks: \"{text}\"",
    "write it in your own words, or quote a short passage (≤ 40 words) in double quotes with a "
    "translation",
    what="12 or more consecutive words shared with any source, outside a quotation, are copying. "
         "This matters most for the papers' English abstracts.",
    why="Unmarked copying misrepresents the source's words as the primer's.",
    fix="Write it in your own words, or quote a short passage in double quotes.",
    replaces="SRC006", topic="evidence")


@check(MISQUOTE, LONG_QUOTE)
def quotations(page, unit):
    if not unit.checkable(page):
        return
    for start, end, quote in unit.quotes:
        words = _WORD.findall(quote)
        line, col = unit.block.position(start)
        if len(words) > QUOTE_MAX_WORDS:
            page.report(LONG_QUOTE, line, col, words=len(words), limit=QUOTE_MAX_WORDS)
        for seg in (s for s in _ELLIPSIS.split(quote) if _WORD.search(s)):
            from ..text import canonical
            c = canonical(seg).strip(" ,;:")
            if not unit.scope.has_quote(c, len(_WORD.findall(seg)) <= 3):
                best = unit.scope.closest(c)
                diff = ""
                if best and len(words) > 1:
                    changed = _differing_word(c, best[1])
                    if changed:
                        diff = f": \"{changed[0]}\" where the source has \"{changed[1]}\""
                page.report(MISQUOTE, line, col, quote=seg.strip(), where=unit.scope.label,
                            diff=diff, closest=(f"closest passage in {best[0]}: "
                                                f"\"{cut(best[1], 200)}\"; " if best else ""))


@check(NUMBER, NUMBERS_APART)
def numbers(page, unit):
    if not unit.checkable(page):
        return
    scope = unit.scope
    for sentence in unit.numbers:
        missing = [(off, tok) for off, tok, rd in sentence
                   if not scope.has_number(rd) and not _in_doi(scope, rd)]
        for off, tok in missing:
            line, col = unit.block.position(off)
            page.report(NUMBER, line, col, token=tok, where=scope.label)
        if missing or len(sentence) < 2 or scope.located:
            continue
        distinct = list({tuple(sorted(rd)): (off, tok, rd) for off, tok, rd in sentence}.values())
        if len(distinct) < 2:
            continue
        best = None
        for s in scope.sources():
            span = _min_span(s, [rd for _, _, rd in distinct])
            if span and (best is None or span[0] < best[0]):
                best = (span[0], s, span[1], span[2])
        if best is None or best[0] > NUMBER_WINDOW:
            off, tok, _ = distinct[1]
            line, col = unit.block.position(off)
            toks = ", ".join(f"\"{t}\"" for _, t, _ in distinct)
            page.report(NUMBERS_APART, line, col, tokens=toks, window=NUMBER_WINDOW,
                        where=scope.label, detail=_apart_detail(scope, distinct, best))


def _apart_detail(scope, distinct, best) -> str:
    """Say which number is missing from the best passage, and show that passage."""
    top = None
    for s in scope.sources():
        for i, (_, tok, rd) in enumerate(distinct):
            for p in sorted({p for r in rd for p in s.numbers.get(r, [])}):
                near = [t for j, (_, t, r2) in enumerate(distinct) if j != i and any(
                    abs(q - p) <= NUMBER_WINDOW for r in r2 for q in s.numbers.get(r, []))]
                if top is None or len(near) > top[0]:
                    top = (len(near), s, p, tok, near)
    if top is None:
        return ""
    _, s, p, tok, near = top
    absent = [t for _, t, _ in distinct if t != tok and t not in near]
    text = cut(s.passage(p - 10, p + 20), 160)
    return (f"; {', '.join(chr(34) + a + chr(34) for a in absent)} "
            f"{'is' if len(absent) == 1 else 'are'} not within {NUMBER_WINDOW} words of "
            f"\"{tok}\" in {s.key}: \"{text}\"")


@check(NAME)
def names(page, unit):
    if not unit.checkable(page):
        return
    if page.corpus.aliases_broken is not None:
        page.skip(len(unit_names(page.corpus, unit)))     # the acronyms it would check
        return
    for off, name, forms in unit_names(page.corpus, unit):
        if not any(unit.scope.has_name(f) for f in forms):
            line, col = unit.block.position(off)
            shown = [f for f in forms if f != name]
            page.report(NAME, line, col, name=name, where=unit.scope.label,
                        forms=f" (or its forms {', '.join(shown)})" if shown else "")


@check(COPIED)
def copying(page, unit):
    if not unit.checkable(page):
        return
    masked = unit.body
    for a, b, _ in unit.quotes:
        masked = masked[:a] + re.sub(r"[^\n]", " ", masked[a:b]) + masked[b:]
    shingles = page.corpus.shingles
    # Most units share no run with any source: their words' runs are looked up in C first
    # (the same words as doc_word_tokens, without offsets), and only a unit with a shared run
    # is read word by word below.
    if shingles.keys().isdisjoint(ngram_hashes(doc_words(masked))):
        return
    toks = doc_word_tokens(masked)
    hashes = ngram_hashes([t for _, _, t in toks])
    i = 0
    while i < len(hashes):
        key = shingles.get(hashes[i])
        if key is None:
            i += 1
            continue
        j = i + 1
        while j < len(hashes) and hashes[j] in shingles:
            j += 1
        run = j - 1 + COPY_NGRAM - i
        start, end = toks[i][0], toks[j - 1 + COPY_NGRAM - 1][1]
        line, col = unit.block.position(start)
        page.report(COPIED, line, col, run=run, key=key, text=preview(unit.body[start:end], 80))
        i = j - 1 + COPY_NGRAM


# --------------------------------------------------------------------------- names

# The leading look-ahead (what the match must start with: a capital and a capital or digit, or
# a letter, a hyphen and a capital) is a necessary condition, so the matches are the same; it
# spares the look-behind at every other character (2x faster). An acronym may carry a plural
# "s" or the Indonesian enclitic "-nya" ('its': "agenda HAM-nya", "DOI-nya"), which is not
# part of it; without that, an acronym with "-nya" was never checked.
_ACRONYM = re.compile(r"(?=[A-Z][A-Z0-9]|[a-zA-Z]-[A-Z])"
                      r"(?<![\w-])((?:[a-zA-Z]-)?[A-Z][A-Z0-9]*[A-Z])(?:s|-nya)?(?![\w-])")

# The same matches, found faster by two patterns that each open with what they start with (a
# capital; the hyphen of a prefixed form "e-KTP"), so that the engine skips in C to the next
# one instead of trying a look-ahead at every character. The two never overlap (a prefixed
# form's capitals follow a hyphen; a plain one is followed by none, but for the lower-case
# "-nya"), so their matches together, in order, are _ACRONYM's (tests/test_checker_fuzz.py).
_ACRONYM_PLAIN = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Z0-9]*[A-Z])(?:s|-nya)?(?![\w-])")
_ACRONYM_PREFIXED = re.compile(r"-(?<![\w-][a-zA-Z]-)(?<=[a-zA-Z]-)"
                               r"([A-Z][A-Z0-9]*[A-Z])(?:s|-nya)?(?![\w-])")


def acronyms(body: str) -> list:
    """(offset, acronym) of every match of ``_ACRONYM`` in ``body``, in order."""
    found = [(m.start(), m.group(1)) for m in _ACRONYM_PLAIN.finditer(body)]
    if "-" in body:
        prefixed = [(m.start() - 1, body[m.start() - 1:m.start() + 1] + m.group(1))
                    for m in _ACRONYM_PREFIXED.finditer(body)]
        if prefixed:
            found = sorted(found + prefixed)
    return found


# A link to a page of the primer other than the glossary: ``[ASEAN mechanisms](asean.md#x)``.
# Its text is navigation (the title of the page it leads to), not a claim about the passage.
# Glossary links (``[TPPO](../glossary.md#tppo)``) name a term and stay checked.
_PAGE_LINK = re.compile(r"\[(?<!!\[)([^\[\]]*)\]\(((?![a-z]+:)[^()\s]*?\.md(?:#[^()\s]*)?)\)")
_GLOSSARY = re.compile(r"(?:^|/)glossary\.md(?:#|$)")


# A language named as a label of words, not a claim about a place or a people: "in Indonesian
# *Konvensi ...*", "the English term", "an English and an Indonesian abstract", "(English in
# the source)". Only the two languages the primer quotes and translates are labels; in
# "Indonesian law" or "Indonesian missions" the word is not a label and stays a name (the alias
# table gives "Indonesia", the form the Indonesian sources use as an adjective).
_LANG = r"(?:English|Indonesian)"
_LABEL_NOUN = (r"(?:terms?|renderings?|abstracts?|original|expressions?|titles?|words?|"
               r"translations?|spellings?)\b")
_LANGUAGE_LABEL = re.compile(
    r"(?<![\w-])("
    rf"(?<=\bin ){_LANG}(?=\s*(?:[,;.:)*\"\u201c'\u2018]|$|in\b|whose\b))"
    rf"|{_LANG}(?=\s+(?:and\s+(?:an?\s+|the\s+)?{_LANG}\s+)?(?:{_LABEL_NOUN}|\*))"
    rf"|{_LANG}(?=\s+in\s+the\s+(?:source|papers?|[\w-]+\s+paper)\b)"
    r")", re.M)


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]


def unit_names(corpus, unit) -> list:
    """(offset, name, forms) of every name a cited unit must find in its passage: acronyms,
    names of the alias table, and other proper names (see ``proper_names``). The words of a
    declared paper descriptor ("the paper on ASEANAPOL", rules/descriptors.py) are left out
    when the unit cites that paper. Computed once per unit (the report counts them too)."""
    cached = unit.__dict__.get("_rule_names")
    if cached is not None:
        return cached
    body = unit.body
    cited = {c.key for c in unit.cites}
    for a, b, key, _ in descriptor_spans(corpus, unit):
        if key in cited:
            body = _blank(body, a, b)
    if "](" in unit.block.text:       # the text of a link to another page names that page
        for m in _PAGE_LINK.finditer(unit.block.text):
            if not _GLOSSARY.search(m.group(2)):
                body = _blank(body, m.start(1), m.end(1))
    if "English" in body or "Indonesian" in body:     # a language named as a label
        for m in _LANGUAGE_LABEL.finditer(body):
            body = _blank(body, m.start(1), m.end(1))
    out = []
    seen = set()
    for start, acr in acronyms(body):
        if acr in seen or acr in corpus.not_names:
            continue
        seen.add(acr)
        out.append((start, acr, corpus.aliases.get(acr, [acr])))
    if corpus.aliases:
        for m in corpus.alias_pattern().finditer(body):
            name = corpus.alias_names[" ".join(m.group(0).split()).lower()]
            if name in seen or (" " not in name and m.group(0)[0] != name[0]):
                continue        # a one-word name counts as written: "Article", not "article"
            seen.add(name)
            out.append((m.start(), name, corpus.aliases[name]))
    out.sort()
    unit.__dict__["_rule_names"] = out
    unit.__dict__["_body_for_names"] = body
    return out


def unit_proper_names(corpus, unit, lang: str = "en") -> list:
    """(offset, name, forms) of the other capitalised names of a unit (rule SRC036).

    The names already checked as acronyms or alias-table names are cut out of the text first,
    so that what is left of a run around them is checked on its own ("Indonesia's" in
    "Indonesia's Directorate General of Immigration" once the directorate is in the table).
    Not taken: the words of the primer's own English rendering of a quotation or an italic
    term, in single quotes right after it ("Pasal 3" ('Article 3'), *Badan Pusat Statistik*
    ('Central Statistics Agency')): the names are the original's, which is checked.

    ``lang`` is the page's edition: "en", or "id" for an Indonesian page (``*.id.md``), which
    is read with the Indonesian openers, months, days, joining words and language labels and
    the Indonesian form of the rendering (see ``proper_names`` and ``_LANGUAGE_LABEL_ID``)."""
    key = "_proper" if lang == "en" else "_proper_" + lang
    cached = unit.__dict__.get(key)
    if cached is not None:
        return cached
    known = unit_names(corpus, unit)
    body = unit.__dict__["_body_for_names"]
    for off, name, _ in known:
        body = body[:off] + "\0" * len(name) + body[off + len(name):]
    renderings = [m.span(1) for m in _RENDERING.finditer(body)] if "('" in body else []
    if lang == "id":
        if "dalam bahasa" in body:
            renderings += [m.span(1) for m in _RENDERING_ID.finditer(body)]
        if "Inggris" in body or "Indonesia" in body:     # a language named as a label
            for m in _LANGUAGE_LABEL_ID.finditer(body):
                body = _blank(body, m.start(1), m.end(1))
    out, seen = [], {n for _, n, _ in known}
    if lang == "id" and corpus.aliases:
        # the alias table's multi-word forms, written as names (capitalised) on the page
        keys = [(a, a + len(n)) for a, n, _ in known if not _ACRONYM.fullmatch(n)]
        for m in _form_pattern(corpus).finditer(unit.__dict__["_body_for_names"]):
            a, b = m.span()
            name = " ".join(m.group(0).split())
            if not name[0].isupper() or any(x < b and a < y for x, y in keys) or \
                    any(x <= a < y for x, y in renderings):
                continue
            body = body[:a] + re.sub(r"[^\n]", "\0", body[a:b]) + body[b:]
            if name not in seen:
                seen.add(name)
                out.append((a, name, _forms_of(corpus)[name.lower()]))
    for off, name in proper_names(body, lang):
        if name in seen or name in corpus.not_names or \
                any(a <= off < b for a, b in renderings):
            continue
        seen.add(name)
        forms = corpus.aliases.get(name)
        if forms is None and lang == "id":
            forms = _forms_of(corpus).get(" ".join(name.lower().split()))
        out.append((off, name, forms or [name]))
    if lang == "id":
        out.sort()
    unit.__dict__[key] = out
    return out


def _forms_of(corpus) -> dict:
    """The alias table read backwards, for the Indonesian edition: a form the table lists for
    an English name (``Palermo Protocol: [Protokol Palermo, ...]``) is often what the
    Indonesian page itself writes, and it names the same thing, so such a name is looked up
    with every name and form of the entries that list it (lower-cased form -> forms). The
    forms are not looked for on the English pages, which the table's forms never change."""
    cached = corpus.__dict__.get("_forms_of")
    if cached is None:
        cached = {}
        for name, forms in corpus.aliases.items():
            for f in forms[1:]:
                entry = cached.setdefault(" ".join(f.lower().split()), [])
                entry.extend(x for x in forms if x not in entry)
        corpus.__dict__["_forms_of"] = cached
    return cached


def _form_pattern(corpus):
    """What finds the table's multi-word forms in a text (longest first, case ignored; a
    match counts as a name only if it starts with a capital: "Majelis Umum PBB", "Komunitas
    Politik Keamanan ASEAN", not "tindak pidana perdagangan orang"). Acronyms and commas
    inside a form ("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan") split a run of
    capitalised words, so such a form is found in the text rather than as a run."""
    cached = corpus.__dict__.get("_form_re")
    if cached is None:
        forms = sorted({f for f in _forms_of(corpus) if " " in f}, key=len, reverse=True)
        alts = "|".join(re.escape(f).replace("\\ ", r"\s+") for f in forms) or "(?!x)x"
        cached = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.I)
        if forms and all(f == f.strip() for f in forms):
            # the same matches, without trying every form at every character (corpus.py)
            from ..corpus import _AliasFinder
            cached = _AliasFinder(forms, cached)
        corpus.__dict__["_form_re"] = cached
    return cached


# The primer's rendering of a quotation or an italic term: "..." ('...') or *...* ('...').
_RENDERING = re.compile(r"(?:\"[^\"\n]+\"|\u201c[^\u201d\n]+\u201d|\*[^*\n]+\*)\s*\(\s*'(.+?)'\s*\)")

# The Indonesian edition gives the English rendering after the original term (italic, bold or
# quoted, perhaps with ", disingkat X"), as "; dalam bahasa Inggris *...*" or "(dalam bahasa
# Inggris *...*)": *Badan Pusat Statistik*; dalam bahasa Inggris *Central Statistics Agency*.
_RENDERING_ID = re.compile(
    r"(?:\*\*?[^*\n]+\*\*?|\"[^\"\n]+\"|\u201c[^\u201d\n]+\u201d)(?:,[^;(*\n]*)?"
    r"\s*[;(]\s*dalam\s+bahasa\s+Inggris\s+\*([^*\n]+)\*")

# A language named as a label on an Indonesian page: "bahasa Inggris", "berbahasa Indonesia",
# "istilah Inggrisnya" ('its English term'), "bahasa Inggrisnya". Elsewhere "Inggris" is the
# country and "Indonesia" the country or its adjective ("hukum Indonesia", "Definisi
# Indonesia"): names, checked.
_LANGUAGE_LABEL_ID = re.compile(    # (first letter first, as _FIRST_CAP below)
    r"[BbIi](?<![\w-][BbIi])(?:(?<=[Bb])(?:ahasa|erbahasa)|(?<=[Ii])stilah)"
    r"\s+((?:Inggris|Indonesia)(?:nya)?)(?![\w-])")


@check(PROPER)
def other_names(page, unit):
    if not unit.checkable(page) or page.corpus.aliases_broken is not None:
        return
    lang = "id" if page.rel.endswith(".id.md") else "en"
    for off, name, forms in unit_proper_names(page.corpus, unit, lang):
        if not any(unit.scope.has_name(f) for f in forms) and \
                not any(_in_compound(unit.scope, f) for f in forms):
            line, col = unit.block.position(off)
            page.report(PROPER, line, col, name=name, where=unit.scope.label)


def _in_compound(scope, form: str) -> bool:
    """The name is a hyphen-separated part of a compound or a web address of the passage
    ("Anyer-Panarukan", ".../south-east-asia-jakarta-8-may-2011/"): the canonical text the
    name check reads deletes hyphens, which makes such a compound one word. Read in the raw
    lines, bounded by anything but a letter or digit."""
    pattern = re.compile(r"(?<![^\W_])" + r"[\s-]+".join(map(re.escape, form.lower().split()))
                         + r"(?![^\W_])")
    for s, a, b in scope.parts:
        raw = s.text if a is None else "\n".join(s.lines[a - 1:b])
        if "-" in raw and pattern.search(raw.lower()):
            return True
    return False


# Proper names beyond acronyms and the alias table: a run of capitalised words ("Southeast
# Asia", "Ministry of Foreign Affairs", "Cambodia"), joined by the small words names contain.
# A run that starts a sentence, a list item or a table cell loses a first word that any
# sentence may start with ("The", "In", ...), and a single word there is not taken for a name
# (it may be an ordinary word capitalised by its place). Months, days and the words that open
# or close a quotation mark are not names.
_CAP = r"[A-Z][a-z]+(?:-[A-Za-z]+)*(?:'s)?"
_JOIN = r"(?:of|the|for|on|de|against)"
# (the first capital, then the look-behind before it: a pattern that opens with a character
# class is scanned for in C, one that opens with a look-behind is tried at every character)
_FIRST_CAP = r"[A-Z](?<![\w@#/.-][A-Z])" + _CAP[len("[A-Z]"):]
_PROPER = re.compile(rf"{_FIRST_CAP}(?:(?:\s+{_JOIN})*\s+{_CAP})*(?![\w-])")
_OPENERS = set("""A An The This That These Those Its It In On At By For From With Without As
    Of To And But Or Nor So Yet If When Where While Since Although Though Because After Before
    Under Over Between Among Both Each Every All Some Many Most Several Such No Not One Two
    Three Four Five Six Seven Eight Nine Ten Only Also Even Here There Then Thus However
    Instead Today Yes See Note Its Their His Her Our Your We They He She You I Why How What
    Which Who Whom Whose Whether Neither Either Other Another More Less Few Much Same
    Unlike Like Despite Within Through During Against Toward Towards Until Per Via
    Citing Besides According Drawing Following Era""".split())
_NOT_NAMES = set("""January February March April May June July August September October
    November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())

# The Indonesian edition (``lang="id"``). Its pages quote English names and titles too, so the
# English words stay in every list. Openers: the words that start a sentence, a list item or a
# table cell of the Indonesian pages and are not the first word of a name (prepositions,
# conjunctions, pronouns, numerals, verbs, and the common nouns found there in front of a
# name: "Definisi Indonesia ...", "Masa Daendels ...", "Studi Lembaga Kajian Hukum ...",
# "Hukum Indonesia lebih luas", "Menteri Indonesia yang ..."); the words that begin names there
# (Protokol, Konvensi, Kementerian, Pasal, Kepala...) are not openers. "Perbedaan" is also the
# primer's box title (*Perbedaan antarsumber*).
_OPENERS_ID = _OPENERS | set("""Antara Apa Apabila Bagi Banyak Beberapa Bersama Bila Dalam
    Dari Dengan Di Dua Empat Entah Hanya Ia Jadi Jangan Jika Kapan Karena Kedua Keduanya
    Kelima Ketika Lebih Lewat Lima Melalui Mengenai Menurut Menurutnya Mereka Meski Mulai
    Namun Pada Padahal Para Pertama Salah Sangat Satu Sebagaimana Sebagian Sebaliknya Sebuah
    Secara Sehingga Sejak Sejumlah Sekitar Selain Sementara Semua Seperti Sesudah Setelah
    Setiap Setibanya Siapa Tak Tanpa Tentang Terlepas Tidak Tiga Untuk Ya Yang
    Anggaplah Berpusat Bertentangan Diadopsi Dibentuk Dibutuhkan Digelar Digunakan
    Dijelaskannya Dikatakannya Dilakukan Dilaporkannya Diratifikasi Disebut Disepakati
    Ditambahkannya Ditandatangani Diterima Diulang Diuraikan Lihat Melatih Melindungi Membeli
    Memilih Memindahkan Memperlancar Memudahkan Mencakup Mencari Mendapatkan Mengeksploitasi
    Mengubah Menjalin Menjawab Menyusun Merekrut
    Agenda Anggota Artikel Artikel-artikel Aspek Catatan Data Definisi Delegasi Hukum Lulusan
    Masa Menteri Norma Parafrasa Perbedaan Peran Peringkat Studi Terobosan""".split())
_NOT_NAMES_ID = _NOT_NAMES | set("""Januari Februari Maret April Mei Juni Juli Agustus
    September Oktober November Desember Senin Selasa Rabu Kamis Jumat Sabtu Minggu""".split())
# Joining words of Indonesian names: "Kantor PBB untuk Narkoba dan Kejahatan", "Konvensi
# tentang Hak Anak", "Diskriminasi terhadap Perempuan". "dan" joins only inside such a
# complement (after untuk/tentang/terhadap or an English of/for/on/against in the same name):
# "Kamboja dan Thailand" and "Asia Tenggara dan Asia Timur" are two names each; a name whose
# parts "dan" coordinates directly ("Kementerian Pemberdayaan Perempuan dan Perlindungan
# Anak") is checked in its two parts, as the English rule does at "and". "di", "pada",
# "dalam", "oleh" and "dengan" join names only in ordinary sentences on these pages
# ("Indonesia di Asia Tenggara", "ACTIP oleh Indonesia") and are not joining words.
_PREP_ID = r"(?:of|for|on|de|against|untuk|tentang|terhadap)"
_JOIN_ID = r"(?:of|the|for|on|de|against|untuk|tentang|terhadap|dan)"
_PROPER_ID = re.compile(rf"{_FIRST_CAP}(?:(?:\s+{_JOIN_ID})*\s+{_CAP})*(?![\w-])")
# the enclitic "-nya" ('its') on a name: "deret kasus Indonesianya" is Indonesia's cases
_NYA = re.compile(r"[A-Z][a-z]{3,}nya")
# "Tahun" before a year is the year of a designation ("Lembaran Negara Tahun 2007", "UU No. 21
# Tahun 2007"), not a word of the name; the year is checked as a number (SRC003)
_YEAR_NEXT = re.compile(r"\s+\d")


def proper_names(body: str, lang: str = "en"):
    """(offset, name) of the capitalised names of a unit's text (see above); ``lang="id"``
    reads an Indonesian page (see ``_OPENERS_ID``, ``_NOT_NAMES_ID``, ``_JOIN_ID``)."""
    if lang == "id":
        yield from _proper_names_id(body)
        return
    for m in _PROPER.finditer(body):
        words = _words_of(m)
        while words and (words[0][1] in _OPENERS or words[0][1] in _NOT_NAMES) and \
                _starts_sentence(body, words[0][0]):
            words.pop(0)
        while words and words[-1][1] in _JOIN_WORDS:
            words.pop()
        while words and words[0][1] in _JOIN_WORDS:
            words.pop(0)
        if not words:
            continue
        if len(words) == 1 and (_starts_sentence(body, words[0][0]) or
                                words[0][1] in _NOT_NAMES or words[0][1] in _OPENERS):
            continue
        a = words[0][0]
        b = words[-1][0] + len(words[-1][1])
        name = " ".join(body[a:b].split())
        yield a, name[:-2] if name.endswith("'s") else name


def _proper_names_id(body: str):
    for m in _PROPER_ID.finditer(body):
        words = _words_of(m)
        parts, part, prep = [], [], False       # split at a "dan" outside a complement
        for w in words:
            if w[1] == "dan" and not prep:
                parts.append(part)
                part = []
                continue
            prep = prep or w[1] in _PREP_ID_WORDS
            part.append(w)
        parts.append(part)
        for words in parts:
            while words and (words[0][1] in _OPENERS_ID or words[0][1] in _NOT_NAMES_ID) and \
                    _starts_sentence(body, words[0][0]):
                words.pop(0)
            while words and (words[-1][1] in _JOIN_ID_WORDS or
                             (words[-1][1] == "Tahun" and _YEAR_NEXT.match(
                                 body, words[-1][0] + len(words[-1][1])))):
                words.pop()
            while words and words[0][1] in _JOIN_ID_WORDS:
                words.pop(0)
            if not words:
                continue
            if len(words) == 1 and (_starts_sentence(body, words[0][0]) or
                                    words[0][1] in _NOT_NAMES_ID or words[0][1] in _OPENERS_ID):
                continue
            a = words[0][0]
            b = words[-1][0] + len(words[-1][1])
            name = " ".join(body[a:b].split())
            if name.endswith("'s"):
                name = name[:-2]
            elif _NYA.fullmatch(words[-1][1]):
                name = name[:-3]
            yield a, name


def _words_of(m) -> list:
    """(offset, word) of the white-space separated words of a match (most are one word)."""
    text, start = m.group(0), m.start()
    if len(text.split(None, 1)) == 1:      # str.split's white space is re's \s
        return [(start, text)]
    return [(w.start() + start, w.group(0)) for w in _NON_SPACE.finditer(text)]


_NON_SPACE = re.compile(r"\S+")
# the joining words as sets: a word is one of them (what re.fullmatch of the group tested)
_JOIN_WORDS = frozenset(_JOIN[3:-1].split("|"))
_JOIN_ID_WORDS = frozenset(_JOIN_ID[3:-1].split("|"))
_PREP_ID_WORDS = frozenset(_PREP_ID[3:-1].split("|"))
_SKIP_BEFORE = frozenset(" \t\n*_(\"'\u201c")
_LINE_BREAKS = ("<br>", "<br/>", "<br />")


def _starts_sentence(body: str, off: int) -> bool:
    """Nothing but white space, emphasis, an opening bracket or quotation mark stands between
    ``off`` and the start of the text, the end of a sentence or clause, a cell or a line break
    (``<br>``). The break of a wrapped line is white space like any other: a word at the start
    of a source line of a paragraph starts no sentence, so the verdict on a name does not
    depend on where the line was wrapped. (Read backwards from ``off``: copying ``body[:off]``
    at every capitalised word made this quadratic in the length of a unit.)"""
    i = off
    while i and body[i - 1] in _SKIP_BEFORE:
        i -= 1
    return not i or body[i - 1] in ".!?:;|-\u2014" or body.endswith(_LINE_BREAKS, 0, i)


# --------------------------------------------------------------------------- helpers

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ELLIPSIS = re.compile(r"\s*(?:\[\.\.\.\]|\[…\]|\.\.\.|…)\s*")


_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")


def _in_doi(scope, readings) -> bool:
    """A number that is a part of a DOI printed in the located passage (``ajis.10.1.151``):
    the number index reads a DOI as one token, so its volume and issue are looked up here."""
    if not scope.located:
        return False
    for _, _, canon in scope._texts():
        if "10." in canon:
            for m in _DOI.finditer(canon):
                if readings & set(re.findall(r"\d+", m.group(0))):
                    return True
    return False


def _differing_word(quote: str, passage: str):
    """(word in the quotation, word in the source) at the first difference, if one word."""
    qa = quote.split()
    pb = passage.split()[:len(qa) + 3]
    sm = difflib.SequenceMatcher(None, [w.lower() for w in qa], [w.lower() for w in pb],
                                 autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "replace":
            return " ".join(qa[a1:a2]), " ".join(pb[b1:b2])
        if op in ("delete", "insert"):
            return None
    return None


def _min_span(source, readings_list):
    """Smallest window (in words) of the source holding one occurrence of each number."""
    occ = []
    for idx, readings in enumerate(readings_list):
        positions = sorted({p for r in readings for p in source.numbers.get(r, [])})
        if not positions:
            return None
        occ.extend((p, idx) for p in positions)
    occ.sort()
    need = len(readings_list)
    count: dict[int, int] = {}
    have = 0
    best = None
    lo = 0
    for p, idx in occ:
        count[idx] = count.get(idx, 0) + 1
        if count[idx] == 1:
            have += 1
        while have == need:
            span = p - occ[lo][0]
            if best is None or span < best[0]:
                best = (span, occ[lo][0], p)
            li = occ[lo][1]
            count[li] -= 1
            if count[li] == 0:
                have -= 1
            lo += 1
    return best

"""The two editions' interface strings, and which edition a build is making (issue 14).

mkdocs-static-i18n 1.3.1 builds the site once per language into the same site_dir: English
(the default) at /, then Indonesian at /id/ from the `*.id.md` twins (docs_structure: suffix),
re-running every plugin and hook for each. The hooks ask `language(config)` which one is being
built and take their generated text (chapter header, citations, downloads, notes, PDF) from
STRINGS. Kept free of state: several hook modules import it. Also the Indonesian search
forms (PySastrawi) that scripts/hooks/i18n.py adds to the index of /id/ (end of the file).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

DEFAULT = "en"
LANGUAGES = ("en", "id")


def language(config) -> str:
    """The language of the build now running ('en' or 'id')."""
    plugin = config.plugins.get("i18n") if config is not None else None
    if plugin is None:
        return DEFAULT
    return plugin.current_language or plugin.default_language or DEFAULT


def norm_uri(src_uri: str) -> str:
    """chapters/definitions.id.md -> chapters/definitions.md (the English original's path)."""
    return re.sub(r"\.(?:%s)\.md$" % "|".join(LANGUAGES), ".md", src_uri)


def page_language(page) -> str:
    """The language a page's text is written in: a fallback page of /id/ is English."""
    return getattr(page.file, "localization", None) or DEFAULT


STRINGS = {
    "en": {
        "reading_time": "Reading time",
        "about_minutes": "about {n} minutes",
        "draws_on": "Draws on",
        "objectives": "Learning objectives",
        "objectives_intro": "After this chapter you should be able to:",
        "et_al": "et al.",
        "no_date": "n.d.",
        "line": "line",
        "lines": "lines",
        "in_references": "(in References)",
        "sources_cited_chapter": "Sources cited in this chapter",
        "sources_cited_page": "Sources cited on this page",
        "source_text_link": "Source text with line numbers",
        "downloads_missing_title": "Not included in this build",
        "downloads_missing": ("This copy of the site was built without the print and offline "
                              "editions. The published site includes them; to make them "
                              "yourself, run `make pdf` and `make offline` (see the README)."),
        "pdf_en": "Print edition (PDF, A4)",
        "pdf_id": "Print edition in Indonesian (PDF, A4)",
        "zip": "Offline edition (zip of the whole site, both languages)",
        "handouts": "Handouts (PDF, A4), one per chapter and one of the trainers' summary:",
        "note": "Note",
        "key_file": "Citation key `{key}`; corpus file `{file}`.",
        # PDF
        "contents": "Contents",
        "chapters": "Chapters",
        "reference": "Reference",
        "notes": "Notes",
        "chapter_word": "Chapter",
        "about_primer": "About this primer",
        "source_text_print": ("Text with line numbers: ", " in the primer's repository."),
        "book_title": "Human Trafficking in Indonesia and ASEAN: A Primer",
        "licence_short": "text CC BY 4.0",
    },
    "id": {
        "reading_time": "Waktu baca",
        "about_minutes": "sekitar {n} menit",
        "draws_on": "Bersumber pada",
        "objectives": "Tujuan pembelajaran",
        "objectives_intro": "Setelah mempelajari bab ini, Anda diharapkan mampu:",
        "et_al": "dkk.",
        "no_date": "t.t.",
        "line": "baris",
        "lines": "baris",
        "in_references": "(dalam Daftar Pustaka)",
        "sources_cited_chapter": "Sumber yang dikutip dalam bab ini",
        "sources_cited_page": "Sumber yang dikutip di halaman ini",
        "source_text_link": "Teks sumber dengan nomor baris",
        "downloads_missing_title": "Tidak disertakan dalam build ini",
        "downloads_missing": ("Salinan situs ini dibangun tanpa edisi cetak dan edisi luring. "
                              "Situs yang diterbitkan menyertakannya; untuk membuatnya sendiri, "
                              "jalankan `make pdf` dan `make offline` (lihat README)."),
        "pdf_en": "Edisi cetak dalam bahasa Inggris (PDF, A4)",
        "pdf_id": "Edisi cetak (PDF, A4)",
        "zip": "Edisi luring (zip seluruh situs, kedua bahasa)",
        "handouts": "Bahan ajar (PDF, A4, dalam bahasa Inggris), satu per bab dan satu untuk ringkasan pelatih:",
        "note": "Catatan",
        "key_file": "Kunci sitasi `{key}`; berkas korpus `{file}`.",
        "contents": "Daftar Isi",
        "chapters": "Bab",
        "reference": "Rujukan",
        "notes": "Catatan",
        "chapter_word": "Bab",
        "about_primer": "Tentang pengantar ini",
        "source_text_print": ("Teks dengan nomor baris: ", " di repositori pengantar ini."),
        "book_title": "Perdagangan Orang di Indonesia dan ASEAN: Sebuah Pengantar",
        "licence_short": "teks CC BY 4.0",
    },
}

# The note on a page of /id/ that has no Indonesian twin yet (built from the English page).
UNTRANSLATED = (
    '!!! note "Belum diterjemahkan"\n\n'
    "    Halaman ini belum diterjemahkan ke dalam bahasa Indonesia. Yang tampil di bawah ini "
    "adalah versi bahasa Inggrisnya.\n\n"
)


def t(lang: str, name: str, **kw) -> str:
    text = STRINGS.get(lang, STRINGS[DEFAULT]).get(name) or STRINGS[DEFAULT][name]
    return text.format(**kw) if kw else text


# --------------------------------------------------------------------------- Indonesian search
# Material's lunr has no Indonesian stemmer (and its English one is no use on Indonesian
# affixes), so "diperdagangkan" would not find a page that only writes "perdagangan". Each
# entry of the /id/ index gets, at build time, the other affixed forms of its content words:
# every word of the Indonesian pages and of the five source texts is stemmed with PySastrawi
# 1.2.1 ("direkrut", "perekrutan", "merekrut" -> "rekrut"), and an entry that has one form of a
# stem is also indexed under the stem and its other forms. The query is left as typed, so search
# works the same online and from file://.
#
# The forms go in a field of their own, `stems`, which Material's search worker indexes like
# any field the index's config lists (`config.fields`), with a low boost: a section that uses
# the word as typed ranks above one that only has a related form. Not expanded, because they
# would make a query match (nearly) every page: Indonesian stop words (Sastrawi's list: the
# stem of "tentang" is a sibling of "menentang", that of "tersebut" of "menyebutkan"), stems
# shorter than MIN_STEM letters, and stems whose forms are on more than COMMON of the edition's
# pages ("dagang": "diperdagangkan" would find every page that says "perdagangan"); clitic
# forms ("korbannya") are not added where the bare form is (the search adds a trailing wildcard
# to every query word, so "korban" finds "korbannya" anyway).

# The list of the sources a page cites, which scripts/hooks/citations.py puts at the end of
# each page under this heading id: the same references on every page that cites a paper, so
# that each word of a paper's title ("pemberantasannya", "Aseanapol") found nearly every page.
# The references page lists them once; the /id/ index leaves these sections out.
CITED_SOURCES_ID = "sources-cited"
SEARCH_WORD = re.compile(r"[a-z]{4,}")
MIN_STEM = 5
COMMON = 2 / 3
STEMS_FIELD = "stems"
STEMS_BOOST = 0.1         # Material's own fields: title 1000, text 1, tags 1000000
_TAG = re.compile(r"<[^>]+>")
_CLITIC = (re.compile(r"(?:lah|kah|tah|pun)$"), re.compile(r"(?:ku|mu|nya)$"))


@functools.lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Sastrawi's Indonesian stop words ("tentang", "dalam", "tersebut", "orang", ...)."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory
    return frozenset(StopWordRemoverFactory().get_stop_words())


@functools.lru_cache(maxsize=None)
def stem(word: str) -> str:
    return _stemmer().stem(word.lower())


def search_words(text: str) -> set[str]:
    """The words of an index entry's text (HTML) as the search finds them, lower-cased."""
    return set(SEARCH_WORD.findall(_TAG.sub(" ", text).lower()))


@functools.lru_cache(maxsize=1)
def families(root: str) -> dict[str, frozenset[str]]:
    """stem -> the stem and every form of it in the Indonesian pages and the source texts."""
    base = Path(root)
    words: set[str] = set()
    for path in sorted(base.joinpath("docs").rglob("*.id.md")) + \
            sorted(base.joinpath("sources").glob("*.txt")):
        words |= set(SEARCH_WORD.findall(
            path.read_text(encoding="utf-8", errors="replace").lower()))
    out: dict[str, set[str]] = {}
    for w in words:
        out.setdefault(stem(w), set()).add(w)
    return {s: frozenset(forms | {s}) for s, forms in out.items()}


def _bare(word: str) -> str:
    for clitic in _CLITIC:
        word = clitic.sub("", word)
    return word


def _expandable(word: str) -> str | None:
    """The stem under which `word` is expanded, or None (stop word, short or stop stem)."""
    stop = stop_words()
    if len(word) < MIN_STEM or word in stop:
        return None
    s = stem(word)
    return s if len(s) >= MIN_STEM and s not in stop else None


def without_cited_sources(docs: list[dict]) -> list[dict]:
    """The index entries less the per-page lists of cited sources (CITED_SOURCES_ID)."""
    return [d for d in docs if d["location"].partition("#")[2] != CITED_SOURCES_ID]


def add_search_forms(docs: list[dict], root, skip_pages=frozenset()) -> list[dict]:
    """The Indonesian index entries, each with the other forms of its words in `stems`.

    `docs` are Material's entries (location relative to the edition's root); the pages in
    `skip_pages` (locations without '#') are left as they are (English text: a fallback page).
    """
    fam = families(str(root))
    stop = stop_words()
    page_of = [d["location"].split("#")[0] for d in docs]
    words = [search_words(d.get("title", "") + " " + d.get("text", "")) for d in docs]
    # on how many of the edition's pages each stem occurs
    pages: dict[str, set[str]] = {}
    for page, ws in zip(page_of, words):
        if page in skip_pages:
            continue
        for w in ws:
            s = _expandable(w)
            if s:
                pages.setdefault(s, set()).add(page)
    n_pages = len(set(page_of) - set(skip_pages)) or 1
    out = []
    for doc, page, present in zip(docs, page_of, words):
        extra: set[str] = set()
        if page not in skip_pages:
            for w in present:
                s = _expandable(w)
                if s is None or len(pages.get(s, ())) > COMMON * n_pages:
                    continue
                forms = fam.get(s, frozenset({s}))
                extra |= {f for f in forms
                          if len(f) >= MIN_STEM and f not in stop
                          and not (_bare(f) != f and _bare(f) in forms)}
        extra -= present
        out.append(dict(doc, **{STEMS_FIELD: " ".join(sorted(extra))}) if extra else dict(doc))
    return out


def search_config(config: dict) -> dict:
    """The Indonesian index's config: the `stems` field, and no English pipeline (no English
    stop words or stemmer on Indonesian text; Material's Indonesian setting is none too)."""
    fields = {**config.get("fields", {}), STEMS_FIELD: {"boost": STEMS_BOOST}}
    return {**config, "fields": fields, "pipeline": []}

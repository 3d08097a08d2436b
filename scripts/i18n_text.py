"""The two editions' interface strings, and which edition a build is making (issue 14).

mkdocs-static-i18n 1.3.1 builds the site once per language into the same site_dir: English
(the default) at /, then Indonesian at /id/ from the `*.id.md` twins (docs_structure: suffix),
re-running every plugin and hook for each. The hooks ask `language(config)` which one is being
built and take their generated text (chapter header, citations, downloads, notes, PDF) from
STRINGS. Kept free of state: several hook modules import it.
"""
from __future__ import annotations

import re

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

"""A small, self-contained fixture repository for the grounding checker's tests.

`make_repo(path)` writes two short Indonesian source texts, their checksum manifest, a
bibliography, an alias table and one correct chapter. Each test then breaks one thing.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path

FILLER = " ".join(["Kalimat pengisi ini tidak memuat angka apa pun dan hanya memisahkan bagian teks."] * 12)

ALPHA = textwrap.dedent(f"""\
    Abstrak
    ASEANAPOL didirikan pada tahun 1981 di Manila oleh kepala kepolisian negara-negara
    anggota. Organisasi ini mengoordinasikan pertukaran informasi tentang kejahatan lintas negara.
    {FILLER}
    Undang-Undang Nomor 21 Tahun 2007 tentang Pemberantasan Tindak Pidana Perda-
    gangan Orang menjadi dasar hukum utama di Indonesia. Menurut IOM, sekitar 200.000 orang
    menjadi korban setiap tahun, dan 30 persen di antaranya adalah anak-anak.
    {FILLER}
    Pada tahun 2009 pemerintah membentuk satuan tugas baru untuk koordinasi.
    "Perdagangan orang adalah kejahatan yang merendahkan martabat manusia dan harus diberantas
    bersama," tulis penulis. Kerugian ekonomi diperkirakan mencapai 4,5 juta dolar.
    Protokol Palermo menjadi acuan internasional dalam mendefinisikan perdagangan orang.
    """)

BETA = textwrap.dedent("""\
    ACTIP ditandatangani pada tahun 2015 di Kuala Lumpur dan berlaku pada tahun 2017.
    SOMTC memantau pelaksanaannya setiap tahun melalui pertemuan para pejabat senior.
    """)

BIB = textwrap.dedent("""\
    @article{alpha2020,
      author = {Alpha, Ani},
      title = {Contoh Sumber Pertama},
      journal = {Jurnal Contoh},
      year = {2020},
      file = {sources/alpha2020.txt}
    }

    @misc{beta,
      title = {{[Untitled example source]}},
      note = {Author unknown},
      file = {sources/beta.txt}
    }
    """)

ALIASES = textwrap.dedent("""\
    Palermo Protocol: [Protokol Palermo]
    Law No. 21 of 2007: [Undang-Undang Nomor 21 Tahun 2007]
    Law No: [Undang-Undang Nomor]
    UU: [UU, Undang-Undang]
    _not_names: [PDF]
    """)

CHAPTER = textwrap.dedent("""\
    ---
    title: Example chapter
    summary: A chapter used by the tests.
    sources: [alpha2020, beta]
    objectives:
      - Explain what ASEANAPOL is.
      - Name the main Indonesian law on trafficking.
      - Describe what the example sources say about victims.
    ---

    ASEANAPOL was founded in 1981 in Manila by the police chiefs of the member states [@alpha2020].

    ## Figures and law

    The paper cites IOM for an estimate of 200,000 victims a year, 30% of them children [@alpha2020].

    Law No. 21 of 2007 is the main legal basis in Indonesia [@alpha2020].

    The author calls trafficking "kejahatan yang merendahkan martabat manusia" ('a crime that degrades human dignity') [@alpha2020].

    | Instrument | Year | Source |
    |---|---|---|
    | ACTIP signed | 2015 | [@beta] |

    The same source says the convention entered into force in 2017 [@beta].

    - The economic loss is put at 4.5 million dollars [@alpha2020].
    - The Palermo Protocol is the international reference for the definition [@alpha2020].

    !!! differ "Where the sources differ"

        In 2009 the government set up a new task force for coordination [@alpha2020].

    !!! keypoints "Key points"

        - SOMTC monitors the convention every year [@beta].

    !!! exercises "Discussion questions"

        1. Why might figures on victims differ between organisations?

    !!! related "Related chapters"

        - [Another chapter](other.md): what it covers.
    """)



# Every citation names its passage (rule SRC029). The fixture's sources are a few lines long,
# so the pages cite all of each (within the margin, the whole text): the tests below change a
# chapter's words, and `pin` adds the locators when the page is written.
WHOLE = {"alpha2020": "lines 1-12", "beta": "lines 1-2"}
_BARE = re.compile(r"@(" + "|".join(map(re.escape, WHOLE)) + r")(?=\s*[;\]])")


def pin(text: str) -> str:
    """The page with a locator on every citation of a fixture source that has none."""
    return _BARE.sub(lambda m: f"@{m.group(1)}, {WHOLE[m.group(1)]}", text)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_repo(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "docs" / "chapters").mkdir(parents=True)
    (root / "scripts" / "data").mkdir(parents=True)
    files = {"alpha2020.txt": ALPHA.encode(), "beta.txt": BETA.encode()}
    manifest = []
    for name, data in files.items():
        (root / "sources" / name).write_bytes(data)
        manifest.append(f"{sha(data)}  {name}")
    (root / "sources" / "SHA256SUMS").write_text("\n".join(manifest) + "\n")
    (root / "bibliography.bib").write_text(BIB)
    (root / "scripts" / "data" / "aliases.yml").write_text(ALIASES)
    (root / "docs" / "chapters" / "example.md").write_text(pin(CHAPTER))
    return root

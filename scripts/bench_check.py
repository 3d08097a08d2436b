#!/usr/bin/env python3
"""Benchmark the grounding checker on a synthetic corpus many times the size of the real one.

    python scripts/bench_check.py              # scales 10 and 100 (100 = ~500 sources, ~1,200 pages)
    python scripts/bench_check.py --scales 1 10 100 --repeat 5

For each scale N it writes N copies of every source (each made distinct) and N copies of every
chapter citing its own copies, then times (a) merely reading and normalising the same bytes and
(b) the full check (indexing the sources once, then checking every page). It prints the times,
the ratio of (b) to (a), and the growth from one scale to the next (10x input should cost at most
about 12x time). Results are not asserted: speed is measured here, not in the test suite.
Wall time depends on what else the machine is doing, so each scale is measured in several
fresh processes (``--repeat``) and the best run is reported with the spread; the CPU time
(the process and its workers) is printed too.

The synthetic chapters are copies of the real ones, locators included; each copy cites its own
copies of the sources, and names its own copy of a paper where the real chapter uses a paper
descriptor (scripts/data/descriptors.yml: "the paper on ASEANAPOL copy b"), so that a correct
corpus gives no diagnostics at any scale.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402
from grounding.text import _QUOTE_CHARS, canonical_by_regex  # noqa: E402


def make_corpus(dest: Path, scale: int) -> tuple[int, int, int]:
    (dest / "sources").mkdir(parents=True)
    (dest / "docs" / "chapters").mkdir(parents=True)
    (dest / "scripts" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "data" / "aliases.yml", dest / "scripts" / "data")
    descriptors = _descriptors()
    bib = grounding.parse_bibtex((ROOT / "bibliography.bib").read_text(), "bib", [])[0]
    manifest, entries, nbytes = [], [], 0
    for key, fields in bib.items():
        text = (ROOT / fields["file"]).read_text(encoding="utf-8")
        for i in range(scale):
            k = f"{key}-{i}"
            data = (text + f"\nSalinan sintetis nomor {i}.\n").encode()
            (dest / "sources" / f"{k}.txt").write_bytes(data)
            nbytes += len(data)
            manifest.append(f"{hashlib.sha256(data).hexdigest()}  {k}.txt")
            entries.append(f"@misc{{{k},\n  title = {{Copy {i} of {key}}},\n"
                           f"  file = {{sources/{k}.txt}}\n}}\n")
    (dest / "sources" / "SHA256SUMS").write_text("\n".join(manifest) + "\n")
    (dest / "bibliography.bib").write_text("\n".join(entries))
    pages = 0
    for ch in sorted((ROOT / "docs" / "chapters").glob("*.md")):
        text = ch.read_text(encoding="utf-8")
        for i in range(scale):
            out = re.sub(r"@([\w-]+)", lambda m: f"@{m.group(1)}-{i}"
                         if m.group(1) in bib else m.group(0), text)
            out = re.sub(r"^sources:\s*\[(.*?)\]", lambda m: "sources: [" + ", ".join(
                f"{k.strip()}-{i}" for k in m.group(1).split(",") if k.strip()) + "]",
                out, count=1, flags=re.M)
            out = _own_descriptors(out, descriptors, i)
            # actors.id.md -> actors-3.id.md: the copy keeps its edition's suffix
            base, dot, lang = ch.stem.partition(".")
            name = f"{base}-{i}{dot}{lang}.md"
            (dest / "docs" / "chapters" / name).write_text(out, encoding="utf-8")
            nbytes += len(out.encode())
            pages += 1
    _record_translations(dest)
    if descriptors:
        (dest / "scripts" / "data" / "descriptors.yml").write_text(yaml.safe_dump({
            f"{key}-{i}": [f"{p} {_tag(i)}" for p in phrases]
            for key, phrases in descriptors.items() for i in range(scale)}, allow_unicode=True))
    return len(manifest), pages, nbytes


def _record_translations(dest: Path) -> None:
    """Each copy of an Indonesian chapter is in step with its copy of the English (SRC052), as
    the real ones are: record it as scripts/sync_translations.py does."""
    import contextlib
    import io
    import sync_translations
    rels = sorted(str(p.relative_to(dest)) for p in (dest / "docs").rglob("*.id.md"))
    with contextlib.redirect_stdout(io.StringIO()):
        if rels and sync_translations.record(dest, rels):
            raise SystemExit("bench: a copied translation is out of step with its original")


def _descriptors() -> dict:
    path = ROOT / "scripts" / "data" / "descriptors.yml"
    if not path.is_file():
        return {}
    return {k: ([v] if isinstance(v, str) else list(v))
            for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


def _tag(i: int) -> str:
    """A word naming copy i, in letters (a number would be a claim to check): copy b, copy ba."""
    out = ""
    while True:
        out = "abcdefghijklmnopqrstuvwxyz"[i % 26] + out
        i //= 26
        if not i:
            return "copy " + out


def _own_descriptors(text: str, descriptors: dict, i: int) -> str:
    """A paper descriptor ("the paper on ASEANAPOL") names one paper, so each copy of a chapter
    names the copy of the paper it cites: the phrase gets the copy's tag, as in the table."""
    for phrases in descriptors.values():
        for p in phrases:
            # a word of the phrase may be the text of a link: "the paper on [ASEANAPOL](...)"
            pattern = r"\s+".join(r"\[?" + re.escape(w).replace("'", "['\u2019]")
                                  + r"(?:\]\([^()\s]*\))?" for w in p.split())
            text = re.sub(r"(?<!\w)" + pattern + r"(?!\w)", lambda m: f"{m.group(0)} {_tag(i)}",
                          text, flags=re.I)
    return text


# The floor of issue 12's target ("within 3x the floor of reading and normalising the same
# bytes"): the normalisation this benchmark timed until 2026-12-01 (grounding.canonical of then:
# str.translate for the quotation marks, then four regular-expression substitutions), so that
# the ratio stays comparable with the figures recorded before. The checker's own normalisation
# has since become three to four times as fast (str.replace for the quotation marks, split and
# join for the white space) and gives the same text (tests/test_checker_fuzz.py); it is timed
# too (``baseline(dest, grounding.canonical)``), and against it the ratio is higher although the
# check is faster.
def _reference_normalise(text: str) -> str:
    """grounding.canonical as it was: the same steps, with str.translate and regexes."""
    return canonical_by_regex(text.translate(_QUOTE_CHARS))


def _files(dest: Path) -> list:
    return list((dest / "sources").glob("*.txt")) + list((dest / "docs").rglob("*.md"))


def baseline(dest: Path, normalise=_reference_normalise) -> float:
    """Seconds to read and normalise every file of the corpus (the floor; with
    ``grounding.canonical``, the checker's own normalisation of today)."""
    t = time.perf_counter()
    for p in _files(dest):
        normalise(p.read_bytes().decode("utf-8"))
    return time.perf_counter() - t


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def full_check(dest: Path) -> tuple[float, float, int]:
    t, c = time.perf_counter(), _cpu()
    checker = grounding.Checker(dest)
    diags = checker.check_paths([dest / "docs"])
    return time.perf_counter() - t, _cpu() - c, len(diags)


def measure(dest: Path) -> dict:
    """One measurement, in the process that runs it: the floor, then the full check."""
    base, now = baseline(dest), baseline(dest, grounding.canonical)
    full, cpu, ndiag = full_check(dest)
    return {"floor": base, "floor_now": now, "check": full, "cpu": cpu, "diagnostics": ndiag}


def _measure_fresh(dest: Path) -> dict:
    """``measure`` in a new Python process, so that no run inherits the caches of another
    (compiled patterns, number readings, parsers) and each starts as ``make check`` does."""
    import json
    import subprocess
    out = subprocess.run([sys.executable, __file__, "--measure", str(dest)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--repeat", type=int, default=3,
                    help="fresh runs per scale; the best of them is reported (default 3)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)   # one run, as JSON
    args = ap.parse_args(argv)
    if args.measure:
        import json
        print(json.dumps(measure(args.measure)))
        return 0
    rows = []
    for scale in args.scales:
        with tempfile.TemporaryDirectory(prefix=f"bench{scale}-") as tmp:
            dest = Path(tmp)
            n_src, n_pages, nbytes = make_corpus(dest, scale)
            # The machine's speed changes from minute to minute (other jobs share it): each
            # run measures the floor and then the check, back to back, in a fresh process;
            # the best of the runs is what the code costs, the spread is the machine.
            runs = [_measure_fresh(dest) for _ in range(max(1, args.repeat))]
            best = min(runs, key=lambda r: r["check"])
            base = min(r["floor"] for r in runs)
            now = min(r["floor_now"] for r in runs)
            ratios = sorted(r["check"] / r["floor"] for r in runs)
            rows.append((scale, best["check"], best["cpu"]))
            print(f"scale {scale:>4}: {n_src} sources, {n_pages} pages, {nbytes / 1e6:.1f} MB; "
                  f"read+normalise {base:.2f} s (with today's normalisation {now:.2f} s); "
                  f"full check {best['check']:.2f} s ({best['check'] / base:.1f}x the baseline, "
                  f"{best['check'] / now:.1f}x today's; {best['cpu']:.2f} s CPU on "
                  f"{os.cpu_count()} cores); {best['diagnostics']} diagnostics", flush=True)
            if len(runs) > 1:
                print(f"            best of {len(runs)} fresh runs; check "
                      f"{min(r['check'] for r in runs):.2f}-{max(r['check'] for r in runs):.2f} s, "
                      f"floor {base:.2f}-{max(r['floor'] for r in runs):.2f} s, ratio within "
                      f"a run {ratios[0]:.1f}-{ratios[-1]:.1f}x", flush=True)
    for (s1, f1, c1), (s2, f2, c2) in zip(rows, rows[1:]):
        print(f"growth {s1} -> {s2}: input x{s2 / s1:.0f}, time x{f2 / f1:.1f}, "
              f"CPU time x{c2 / c1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

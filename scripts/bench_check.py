#!/usr/bin/env python3
"""Benchmark the grounding checker on a synthetic corpus many times the size of the real one.

    python scripts/bench_check.py              # scales 10 and 100 (100 = ~500 sources, ~600 pages)
    python scripts/bench_check.py --scales 1 10 100

For each scale N it writes N copies of every source (each made distinct) and N copies of every
chapter citing its own copies, then times (a) merely reading and normalising the same bytes and
(b) the full check (indexing the sources once, then checking every page). It prints the times,
the ratio of (b) to (a), and the growth from one scale to the next (10x input should cost at most
about 12x time). Results are not asserted: speed is measured here, not in the test suite.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402


def make_corpus(dest: Path, scale: int) -> tuple[int, int, int]:
    (dest / "sources").mkdir(parents=True)
    (dest / "docs" / "chapters").mkdir(parents=True)
    (dest / "scripts" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "data" / "aliases.yml", dest / "scripts" / "data")
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
            (dest / "docs" / "chapters" / f"{ch.stem}-{i}.md").write_text(out, encoding="utf-8")
            nbytes += len(out.encode())
            pages += 1
    return len(manifest), pages, nbytes


def baseline(dest: Path) -> float:
    t = time.perf_counter()
    for p in list((dest / "sources").glob("*.txt")) + list((dest / "docs").rglob("*.md")):
        grounding.canonical(p.read_bytes().decode("utf-8"))
    return time.perf_counter() - t


def full_check(dest: Path) -> tuple[float, int]:
    t = time.perf_counter()
    checker = grounding.Checker(dest)
    diags = checker.check_paths([dest / "docs"])
    return time.perf_counter() - t, len(diags)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    args = ap.parse_args(argv)
    rows = []
    for scale in args.scales:
        with tempfile.TemporaryDirectory(prefix=f"bench{scale}-") as tmp:
            dest = Path(tmp)
            n_src, n_pages, nbytes = make_corpus(dest, scale)
            base = baseline(dest)
            full, ndiag = full_check(dest)
            rows.append((scale, n_src, n_pages, nbytes, base, full, ndiag))
            print(f"scale {scale:>4}: {n_src} sources, {n_pages} pages, {nbytes / 1e6:.1f} MB; "
                  f"read+normalise {base:.2f} s; full check {full:.2f} s "
                  f"({full / base:.1f}x the baseline); {ndiag} diagnostics", flush=True)
    for (s1, *_, f1, _), (s2, *_, f2, _) in zip(rows, rows[1:]):
        print(f"growth {s1} -> {s2}: input x{s2 / s1:.0f}, time x{f2 / f1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

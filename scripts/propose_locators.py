#!/usr/bin/env python3
"""Propose locators: for a unit of a page, list the passages of its cited sources where its
numbers, names and quotations occur together, best first.

    python scripts/propose_locators.py docs/chapters/causes.md:31   # the unit at line 31
    python scripts/propose_locators.py docs/chapters/causes.md      # every unit with a
                                                                    # citation lacking a locator
    python scripts/propose_locators.py FILE:LINE --top 5 --window 9

For each cited source it slides a window of WINDOW lines (default 7) over the text, counts the
unit's numbers, names and quotations found in it (the same matching as the checker: number
forms, the alias table, canonical quotations), and prints the best windows, narrowed to the
lines that hold what was found, with the citation to paste and the lines themselves. It
proposes; a person decides: read the passage and cite it only if it says what the sentence
says. A unit with no number, name or quotation gets no proposal (its passage has to be found
by reading).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402
from grounding.checker import unit_facts  # noqa: E402
from grounding.corpus import has_name_in  # noqa: E402
from grounding.fmt import exempt_boxes  # noqa: E402
from grounding.rules.evidence import unit_names, unit_proper_names  # noqa: E402
from grounding.text import canonical  # noqa: E402


def evidence_items(corpus, unit, lang: str = "en") -> list:
    """(label, test) for each number, name and quotation of the unit; test(src, a, b)."""
    items = []
    seen = set()
    for sentence in unit.numbers:
        for _, tok, rd in sentence:
            if tok not in seen:
                seen.add(tok)
                items.append((f"number {tok}",
                              lambda s, a, b, rd=rd: bool(rd & s.passage_numbers(a, b))))
    for _, name, forms in unit_names(corpus, unit) + unit_proper_names(corpus, unit, lang):
        def test(s, a, b, forms=forms):
            text = s.passage_text(a, b)
            return any(has_name_in(text, text.lower(), f) for f in forms)
        items.append((f"name {name}", test))
    for _, _, quote in unit.quotes:
        c = canonical(quote).strip(" ,;:").lower()
        short = " ".join(c.split()[:8])
        items.append((f"quotation \"{short}\"",
                      lambda s, a, b, c=short: c in s.passage_text(a, b).lower()))
    return items


def candidates(src, items, window: int, top: int) -> list:
    """The best non-overlapping windows: (score, a, b, found labels)."""
    n = len(src.lines)
    scored = []
    for a in range(1, max(2, n - window + 2)):
        b = min(n, a + window - 1)
        found = [label for label, test in items if test(src, a, b)]
        if found:
            scored.append((len(found), a, b, found))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out = []
    for score, a, b, found in scored:
        if any(not (b < x or a > y) for _, x, y, _ in out):
            continue
        # narrow to the lines that carry something found (names may run over two lines)
        hit = [ln for ln in range(a, b + 1) if src.lines[ln - 1].strip() and any(
            test(src, ln, min(b, ln + 1)) for _, test in items)]
        if hit:
            a, b = hit[0], min(b, hit[-1] + 1) if hit[-1] < b else hit[-1]
            while b > a and not src.lines[b - 1].strip():
                b -= 1
        out.append((score, a, b, found))
        if len(out) == top:
            break
    return out


def propose(path: Path, line: int | None, top: int = 3, window: int = 7, out=sys.stdout) -> int:
    checker = grounding.Checker(ROOT)
    corpus = checker.corpus
    text = path.read_text(encoding="utf-8")
    doc = grounding.parse(text)
    exempt = exempt_boxes()
    try:
        rel = str(path.resolve().relative_to(ROOT))
    except ValueError:
        rel = str(path)
    blocks = [b for b in doc.units if b.citations]
    if line is not None:
        blocks = [b for b in blocks if b.line <= line <= b.line + b.text.count("\n")]
        if not blocks:
            print(f"{rel}:{line}: no cited unit at this line", file=out)
            return 1
    else:
        blocks = [b for b in blocks if any(c.first is None for g in b.citations for c in g.cites)]
        if not blocks:
            print(f"{rel}: every citation has a locator", file=out)
            return 0
    for block in blocks:
        unit = unit_facts(block, corpus, exempt, False)
        keys = list(dict.fromkeys(c.key for c in unit.cites if c.key in corpus.sources))
        print(f"{rel}:{block.line}: {grounding.checker.md.mask(block.text, [])[:100].strip()}…",
              file=out)
        lang = "id" if rel.endswith(".id.md") else "en"        # the page's edition (SRC036)
        items = evidence_items(corpus, unit, lang) if unit.scope else []
        if not items:
            print("  no number, name or quotation to look for: find the passage by reading",
                  file=out)
            continue
        print(f"  looking for: {', '.join(label for label, _ in items)}", file=out)
        for key in keys:
            src = corpus.sources[key]
            found = candidates(src, items, window, top)
            if not found:
                print(f"  {key}: none of them occurs in any {window} lines", file=out)
                continue
            for rank, (score, a, b, labels) in enumerate(found, 1):
                loc = f"line {a}" if a == b else f"lines {a}-{b}"
                missing = [label for label, _ in items if label not in labels]
                print(f"  {rank}. [@{key}, {loc}]  {score} of {len(items)}"
                      + (f"; not there: {', '.join(missing)}" if missing else ""), file=out)
                for n in range(a, b + 1):
                    if src.lines[n - 1].strip():
                        print(f"       {n:>5}  {src.lines[n - 1].strip()[:110]}", file=out)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("target", help="FILE or FILE:LINE")
    ap.add_argument("--top", type=int, default=3, help="candidates per source (default 3)")
    ap.add_argument("--window", type=int, default=7, help="lines per window (default 7)")
    args = ap.parse_args(argv)
    target, line = args.target, None
    if ":" in target and target.rsplit(":", 1)[1].isdigit():
        target, n = target.rsplit(":", 1)
        line = int(n)
    path = Path(target)
    if not path.is_file():
        print(f"propose_locators: {target}: no such file", file=sys.stderr)
        return 2
    return propose(path, line, args.top, args.window)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()                  # a short output is written here, not at exit
    except BrokenPipeError:
        # the reader stopped reading (`| head`): not an error. Point stdout at /dev/null so
        # that the interpreter's last flush does not raise again (Python docs, "SIGPIPE").
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)

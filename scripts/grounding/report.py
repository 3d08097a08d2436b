"""The provenance report: statistics computed from the parse and the results (never inside a
rule), and their Markdown for the "How this primer is checked" page."""
from __future__ import annotations

import json

EVIDENCE_RULES = {"SRC003", "SRC004", "SRC005", "SRC015", "SRC035", "SRC036"}


def page_stats(page) -> dict:
    """What one page contains and what of it was verified."""
    s = dict(units=0, cited=0, exempt=0, numbers=0, names=0, quotes=0, meta=page.meta_page,
             citations={}, claim_citations=0, pinned=0, with_evidence=0, verified=0)
    for u in page.units:
        for c in u.cites:
            if c.key in page.corpus.entries:
                s["citations"][c.key] = s["citations"].get(c.key, 0) + 1
    s["citations"] = dict(sorted(s["citations"].items()))
    if page.meta_page:
        return s
    counts = page.counts()
    s["units"], s["exempt"] = counts["units"], counts["exempt"]
    bad_lines = {d.line for d in page.diags if d.rule in EVIDENCE_RULES}
    for u in page.units:
        if u.exempt or not u.claim or u.scope is None:
            continue
        s["cited"] += 1
        known = [c for c in u.cites if c.key in page.corpus.entries]
        s["claim_citations"] += len(known)
        s["pinned"] += sum(1 for c in known if c.first is not None and not c.malformed)
        if not u.scope.parts or u.skipped:
            continue
        from .rules.evidence import unit_names
        n = sum(len(x) for x in u.numbers)
        names = unit_names(page.corpus, u)
        s["numbers"] += n
        s["names"] += len(names)
        s["quotes"] += len(u.quotes)
        if n or names or u.quotes:
            s["with_evidence"] += 1
            lines = range(u.block.line, u.block.line + u.block.text.count("\n") + 1)
            if u.scope.located and not any(ln in bad_lines for ln in lines):
                s["verified"] += 1
    return s


def build_report(checker) -> dict:
    pages = {}
    per_source = {k: {"pages": {}, "citations": 0} for k in checker.corpus.entries}
    for rel, s in sorted(checker.stats.items()):
        pages[rel] = s
        for k, c in s["citations"].items():
            if k in per_source:
                per_source[k]["pages"][rel] = c
                per_source[k]["citations"] += c
    return {"pages": pages, "sources": per_source, "skipped": checker.skipped}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "—"


def report_markdown(report: dict, corpus) -> str:
    """The provenance report as Markdown, for the 'How this primer is checked' page."""
    out = ["| Page | Units | Cited | Exempt | Citations pinned | Numbers | Names | Quotations "
           "| Verified at the passage | Tied to its passage only |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    keys = ("units", "cited", "exempt", "claim_citations", "pinned", "numbers", "names",
            "quotes", "with_evidence", "verified")
    tot = dict.fromkeys(keys, 0)

    def row(name, p, bold=False):
        b = "**" if bold else ""
        cells = [p["units"], p["cited"], p["exempt"],
                 f"{p['pinned']} of {p['claim_citations']} ({_pct(p['pinned'], p['claim_citations'])})",
                 p["numbers"], p["names"], p["quotes"],
                 f"{p['verified']} of {p['cited']} ({_pct(p['verified'], p['cited'])})",
                 p["cited"] - p["with_evidence"]]
        return f"| {name} | " + " | ".join(f"{b}{c}{b}" for c in cells) + " |"

    for rel, p in report["pages"].items():
        if p["meta"]:
            continue
        link = rel[len("docs/"):] if rel.startswith("docs/") else rel
        out.append(row(f"[{link}]({link})", p))
        for k in keys:
            tot[k] += p[k]
    out.append(row("**All pages**", tot, bold=True))
    out += ["", "| Source (citation key) | Corpus file | Citations | Pages citing it |",
            "|---|---|---:|---|"]
    for key, s in report["sources"].items():
        fname = corpus.entries.get(key, {}).get("file", "")
        pages = ", ".join(f"[{p[len('docs/'):]}]({p[len('docs/'):]}) ({c})"
                          for p, c in sorted(s["pages"].items())) or "—"
        out.append(f"| `{key}` | `{fname}` | {s['citations']} | {pages} |")
    return "\n".join(out)


def summary(report: dict, n_errors: int) -> str:
    pages = [p for p in report["pages"].values() if not p["meta"]]
    tot = {k: sum(p[k] for p in pages) for k in
           ("units", "cited", "numbers", "names", "quotes", "pinned", "claim_citations")}
    return (f"check_sources: {len(report['pages'])} page(s), {tot['units']} units, "
            f"{tot['cited']} cited, {tot['numbers']} numbers, {tot['names']} names, "
            f"{tot['quotes']} quotations checked; {tot['pinned']} of {tot['claim_citations']} "
            f"citations pinned; {n_errors} error(s)")


def to_json(diags, report) -> str:
    return json.dumps({"diagnostics": [d.as_dict() for d in diags], "report": report},
                      indent=2, ensure_ascii=False)

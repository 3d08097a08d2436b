"""Generate the rule sections of CONTRIBUTING.md from the rule registry.

    python scripts/grounding/docs.py            # print the generated sections
    python scripts/grounding/docs.py --write    # replace them in CONTRIBUTING.md

The sections sit between the markers ``<!-- rules:start -->`` and ``<!-- rules:end -->``.
Each rule's example is the output of its fixture (tests/fixtures/<id>/expected.txt), which a
test compares with what the checker really prints; another test fails when CONTRIBUTING.md is
not what this script generates.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "grounding"

from grounding.rules import REGISTRY  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"
FIXTURES = ROOT / "tests" / "fixtures"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
TOPICS = [("input", "Reading the page"), ("citations", "Citations"),
          ("locators", "Locators"), ("evidence", "Evidence at the passage"),
          ("safety", "Safe content"), ("chapter", "The chapter format"),
          ("editions", "The Indonesian edition"),
          ("corpus", "The bibliography and the sources")]


def example(rule_id: str) -> list:
    path = FIXTURES / rule_id / "expected.txt"
    if not path.is_file():
        return []
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def sections() -> str:
    out = []
    for topic, heading in TOPICS:
        rules = sorted((r for r in REGISTRY.values() if r.topic == topic), key=lambda r: r.id)
        if not rules:
            continue
        for r in rules:
            out.append(f"### {r.id}: {r.title}\n")
            out.append(f"{r.what}\n")
            out.append(f"*Why:* {r.why}\n")
            lines = example(r.id)
            if lines:
                out.append("```text\n" + "\n".join(lines) + "\n```\n")
            out.append(f"Fix: {r.fix}\n")
            if r.replaces:
                out.append(f"*Formerly:* {r.replaces}.\n")
    return "\n".join(out).rstrip() + "\n"


def generated_guide(text: str) -> str:
    a, b = text.index(START) + len(START), text.index(END)
    return text[:a] + "\n\n" + sections() + "\n" + text[b:]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--write" in argv:
        GUIDE.write_text(generated_guide(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(sections())
    return 0


if __name__ == "__main__":
    sys.exit(main())

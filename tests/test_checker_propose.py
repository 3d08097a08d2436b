"""scripts/propose_locators.py: ranked candidate passages for a unit; it proposes, a person
decides (CONTRIBUTING.md, "Finding the passage")."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import propose_locators  # noqa: E402


def run(target: str) -> str:
    path, _, line = target.partition(":")
    out = io.StringIO()
    propose_locators.propose(Path(path), int(line) if line else None, out=out)
    return out.getvalue()


def test_the_real_passage_ranks_first_with_everything_found():
    out = run(str(ROOT / "docs/chapters/causes.md") + ":31")
    first = [ln for ln in out.splitlines() if ln.strip().startswith("1. [@asean-efforts")][0]
    assert "[@asean-efforts, lines 151-157]" in first
    assert "Kamboja merupakan sumber migran" in out
    assert "looking for: number 2009, name UNODC, name Cambodia, name Myanmar" in out
    assert "[@asean-efforts, lines 151-157]  4 of 4" in first


def test_a_page_without_locators_gets_proposals_for_each_unit(tmp_path):
    page = tmp_path / "new.md"
    page.write_text("---\ntitle: New\nsources: [chrsiti2025]\n---\n\n"
                    "ASEANAPOL was formed in 1981 in Manila [@chrsiti2025].\n\n"
                    "Cooperation matters [@chrsiti2025].\n", encoding="utf-8")
    out = run(str(page))
    assert "1. [@chrsiti2025, lines 90-92]  3 of 3" in out     # 1981, ASEANAPOL, Manila
    assert "no number, name or quotation to look for" in out


def test_command_line():
    done = subprocess.run([sys.executable, str(ROOT / "scripts/propose_locators.py"),
                           "docs/chapters/causes.md"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "every citation has a locator" in done.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "scripts/propose_locators.py"), "nope.md"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_output_cut_short_by_the_reader_is_not_an_error():
    """`propose_locators.py FILE:LINE | head -1`: the reader closes the pipe after one line;
    the command stops quietly (it printed a BrokenPipeError traceback)."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/propose_locators.py"),
                             "docs/chapters/policing.md:34", "--top", "3"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()                         # as head does after its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert first.startswith(b"docs/chapters/policing.md:") and "Traceback" not in err, err

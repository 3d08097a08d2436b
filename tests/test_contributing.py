"""The contribution path: CONTRIBUTING.md and its walk-through, the chapter template, the
pull-request and issue templates, the workflows, pre-commit and CITATION.cff.

The main test walks through the guide as a newcomer would, in a temporary copy of the
repository: create a chapter with scripts/new_chapter.py, cite a source, make the mistake the
guide shows, see the checker report it with exactly the documented message, fix it, finish the
chapter, and build the site strictly. Every example message in the guide is also checked to be
what the checker really prints."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_env

sys.path.insert(0, str(ROOT / "scripts"))
import grounding  # noqa: E402

GUIDE = ROOT / "CONTRIBUTING.md"
CHECKER = "scripts/check_sources.py"
NEW_CHAPTER = "scripts/new_chapter.py"
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "site", "dist", "tmp", "__pycache__",
                                     ".pytest_cache", ".hypothesis")
DIAG = re.compile(r"^(?P<path>[\w./-]+):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<rule>SRC\d{3}) (?P<msg>.+)$")

# --------------------------------------------------------------------------- helpers


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def copy_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    return repo


def run(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a repository script with the interpreter running the tests, as a newcomer would."""
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, *args], cwd=repo, capture_output=True, text=True,
                          env={**base, **(env or {})})


def strict_build(repo: Path, out: Path) -> subprocess.CompletedProcess:
    env = build_env()
    for var in ("ENABLE_PDF_EXPORT", "OFFLINE", "GITHUB_ACTIONS"):
        env.pop(var, None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=repo, env=env, capture_output=True, text=True)


def code_blocks(text: str, lang: str | None = None) -> list[str]:
    """Contents of the fenced code blocks of a Markdown text (indented ones too)."""
    blocks = []
    for m in re.finditer(r"^([ \t]*)```(\w*)[^\n]*\n(.*?)^\1```[ \t]*$", text, re.M | re.S):
        if lang is None or m.group(2) == lang:
            indent = len(m.group(1))
            blocks.append("\n".join(line[indent:] for line in m.group(3).splitlines()))
    return blocks


RULES_START, RULES_END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_sections() -> str:
    """The generated rule sections (examples there are tested in test_checker_rules.py)."""
    text = guide()
    return text[text.index(RULES_START):text.index(RULES_END)]


def documented_diagnostics(text: str | None = None) -> list[str]:
    """Every checker message the guide shows outside the generated rule sections."""
    if text is None:
        text = guide().replace(rule_sections(), "")
    return [line for block in code_blocks(text, "text") for line in block.splitlines()
            if DIAG.match(line)]


def nav_of(config_text: str):
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(config_text, Loader=Loader)["nav"]


def chapters_in_nav(config_text: str) -> list[str]:
    for item in nav_of(config_text):
        if isinstance(item, dict) and "Chapters" in item:
            return [x if isinstance(x, str) else next(iter(x.values())) for x in item["Chapters"]]
    raise AssertionError("no Chapters section in the nav")


# --------------------------------------------------------------------------- the walk-through

SLUG, TITLE = "aseanapol-basics", "ASEANAPOL in brief"
CREATE = f'python3 scripts/new_chapter.py {SLUG} "{TITLE}"'
MISTAKE = ("ASEANAPOL was formed in 1982 in Manila, the Philippines, out of a conference of the "
           "chiefs of police of the ASEAN countries [@chrsiti2025, line 92].")
DOCUMENTED_ERROR = (f'docs/chapters/{SLUG}.md:17:25: SRC003 number "1982" does not occur in the '
                    'cited passage chrsiti2025, line 92 (±2 lines) (hint: check the figure against '
                    'the source, or cite the passage that gives it)')
DOCUMENTED_EXEMPT = (f"docs/chapters/{SLUG}.md:1:1: SRC014 5 of 8 units are exempt (objectives, "
                     "exercises, related); the limit is 35% (hint: exempt boxes are for questions "
                     "and navigation only; move claims out of them and cite them)")

# The finished chapter: the corrected paragraph, then enough cited text for the boxes.
FINISHED = """\
---
title: "ASEANAPOL in brief"
summary: What ASEANAPOL is, what it does against trafficking, and what it cannot do.
sources: [chrsiti2025, pradityo2021]
objectives:
  - Describe how and when ASEANAPOL was formed, and who its members are.
  - List the main functions the paper gives ASEANAPOL.
  - Explain why ASEANAPOL can only coordinate in a cross-border case.
---

ASEANAPOL was formed in 1981 in Manila, the Philippines, out of a conference of the chiefs of police of the ASEAN countries [@chrsiti2025, line 92].

It is a forum of the police chiefs of Southeast Asia whose members are Indonesia, the Philippines, Thailand, Singapore, Malaysia, Brunei Darussalam, Viet Nam, Myanmar, Laos and Cambodia; it gives them a place to collaborate and to discuss transnational crime in the region [@chrsiti2025, line 92].

## What it does

| Function | What it does, according to the paper | Source |
|---|---|---|
| Annual conference | Held every year to reach joint agreements, which are set down in a *Joint Communique* | [@chrsiti2025, line 116] |
| Collaboration plans | Drawing up and carrying out the plans agreed at the conference | [@chrsiti2025, line 94] |
| Data and information exchange | Facilitating and organising the exchange of data and information | [@chrsiti2025, line 95] |
| Joint operations | Facilitating joint operations in criminal investigations, with technical support and joint capacity development | [@chrsiti2025, line 96] |
| Reports to the executive committee | Annual reports and proposals of activities | [@chrsiti2025, line 98] |

In a case abroad, "ASEANAPOL dan atase kepolisian hanya dapat melakukan tindakan koordinasi" ('ASEANAPOL and the police attachés can only take coordinating action') [@chrsiti2025, line 108].

!!! differ "Where the sources differ"

    The paper on ASEANAPOL mentions a *rumah detensi* (detention house) as one of two places where a rescued victim may stay before returning home [@chrsiti2025, line 108]. The norm-diffusion paper reports that ACTIP forbids the detention of trafficking victims and provides that they are not criminalised [@pradityo2021, lines 1507-1512].

!!! keypoints "Key points"

    - ASEANAPOL was formed in 1981 in Manila as a forum of the police chiefs of the ASEAN member states [@chrsiti2025, line 92].
    - Its listed functions are about facilitating and organising: collaboration plans, data exchange, support for joint investigations, its annual conference and reports [@chrsiti2025, lines 94-98].
    - In a case abroad, ASEANAPOL and police attachés can only coordinate [@chrsiti2025, line 108].

!!! exercises "Discussion questions and exercises"

    1. What can a police officer in Jakarta expect from ASEANAPOL when a victim is found in another member state?

!!! related "Related chapters"

    - [Policing](policing.md): the full chapter on police cooperation.
"""


def create_chapter(repo: Path) -> Path:
    proc = run(repo, NEW_CHAPTER, SLUG, TITLE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Created docs/chapters/{SLUG}.md" in proc.stdout
    return repo / "docs" / "chapters" / f"{SLUG}.md"


def make_the_documented_mistake(chapter: Path) -> None:
    """Step 2 of the guide: declare the source, replace the opening TODO with a paragraph."""
    text = chapter.read_text(encoding="utf-8")
    assert "sources: []" in text
    text = text.replace("sources: []", "sources: [chrsiti2025]", 1)
    lines = text.split("\n")
    opening = [i for i, line in enumerate(lines) if line.startswith("TODO: the opening paragraph")]
    assert len(opening) == 1, "the template has one opening-paragraph placeholder"
    lines[opening[0]] = MISTAKE
    chapter.write_text("\n".join(lines), encoding="utf-8")


def test_the_walk_through_is_the_one_the_guide_describes():
    text = guide()
    for needle in [CREATE, MISTAKE, DOCUMENTED_ERROR, DOCUMENTED_EXEMPT, "sources: [chrsiti2025]",
                   "TODO: the opening paragraph", "make check", "0 error(s)"]:
        assert needle in text, f"CONTRIBUTING.md no longer shows: {needle}"


def test_newcomer_walk_through(tmp_path):
    repo = copy_repo(tmp_path)

    # 1. the template creates the chapter and registers it in the navigation
    chapter = create_chapter(repo)
    assert f"chapters/{SLUG}.md" in chapters_in_nav((repo / "mkdocs.yml").read_text())
    fresh = chapter.read_text(encoding="utf-8")
    meta = yaml.safe_load(fresh.split("---\n")[1])
    assert meta["title"] == TITLE and meta["sources"] == [] and len(meta["objectives"]) >= 3
    for box in ["differ", "keypoints", "exercises", "related"]:
        assert re.search(rf'^!!! {box} "', fresh, re.M), box

    # 2-3. a cited paragraph with a fabricated year: the checker explains it as documented
    make_the_documented_mistake(chapter)
    bad = run(repo, CHECKER)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    out = bad.stdout.splitlines()
    assert DOCUMENTED_ERROR in out, bad.stdout
    assert DOCUMENTED_EXEMPT in out, bad.stdout
    ours = [DIAG.match(line) for line in out if line.startswith(f"docs/chapters/{SLUG}.md:")]
    assert all(ours) and {m["rule"] for m in ours} == {"SRC002", "SRC003", "SRC014",
                                                          "SRC027"}, bad.stdout
    assert "Traceback" not in bad.stderr

    # ... and under GitHub Actions the same problem is an annotation on the line
    gh = run(repo, CHECKER, env={"GITHUB_ACTIONS": "true"})
    assert (f"::error file=docs/chapters/{SLUG}.md,line=17,col=25,"
            "title=SRC003 numbers are in the cited passage::number \"1982\" does not occur in "
            "the cited passage chrsiti2025, line 92") in gh.stdout

    # 4. the source gives 1981
    source = (repo / "sources" / "chrsiti2025.txt").read_text(encoding="utf-8")
    assert "Aseanapol dibentuk pada tahun 1981 di Manila" in source
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("in 1982 in", "in 1981 in"),
                       encoding="utf-8")
    fixed = run(repo, CHECKER)
    ours = [line for line in fixed.stdout.splitlines()
            if line.startswith(f"docs/chapters/{SLUG}.md:")]
    assert ours and not [line for line in ours if " SRC003 " in line], fixed.stdout

    # 5. the finished chapter passes the checker and the strict build
    chapter.write_text(FINISHED, encoding="utf-8")
    assert "TODO" not in FINISHED
    good = run(repo, CHECKER, f"docs/chapters/{SLUG}.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 error(s)" in good.stderr
    build = strict_build(repo, tmp_path / "out")
    assert build.returncode == 0, build.stdout + build.stderr
    page = (tmp_path / "out" / "chapters" / SLUG / "index.html").read_text(encoding="utf-8")
    assert TITLE in page and "Chrsiti" in page and "[@chrsiti2025]" not in page


def test_every_example_message_in_the_guide_is_real(tmp_path):
    """Recreate each mistake the guide shows and compare the checker's lines with the guide's."""
    repo = copy_repo(tmp_path)
    make_the_documented_mistake(create_chapter(repo))
    long_quote = ("Aseanapol dibentuk pada tahun 1981 di Manila, Filipina dari konferensi kepala "
                  "kepolisian negara ASEAN. Ini adalah forum bagi kepala kepolisian di wilayah "
                  "Asia Tenggara dan terdiri dari Indonesia, Filipina, Thailand, Singapura, "
                  "Malaysia, Brunei Darussalam, Vietnam, Myanmar, Laos dan Kamboja. Forum ini "
                  "berfungsi sebagai wadah bagi")
    chapters = repo / "docs" / "chapters"
    (chapters / "example.md").write_text(f"""\
---
title: Example
sources: [chrsiti2025, intl-law-effectiveness, asean-efforts]
---

ASEANAPOL was formed in 1981 in Manila [@chrsiti2024].

ASEANAPOL brings together the police chiefs of the ASEAN member states.

ASEANAPOL was formed in 1981 and signed an agreement with INTERPOL in 2007 [@chrsiti2025].

SOMTC coordinates the work of ASEANAPOL [@chrsiti2025].

The Bali Process also deals with trafficking [@chrsiti2025].

The paper says that "Aseanapol dibentuk pada tahun 1981 di Jakarta" ('ASEANAPOL was formed in 1981 in Jakarta') [@chrsiti2025].

The paper describes ASEANAPOL at length: "{long_quote}" ('...') [@chrsiti2025].

Although Indonesia has ratified various international conventions related to human rights and the protection of women and children, its effect is questioned [@intl-law-effectiveness].

Its aim is to strengthen the region's capacity against cross-border crime [@pradityo2021].

<iframe src="https://www.youtube.com/embed/abc"></iframe>
""", encoding="utf-8")
    (chapters / "trafficking-at-sea.md").write_text(
        "---\ntitle: Trafficking at sea: a case study\nsources: [chrsiti2025]\n---\n\n"
        "Text [@chrsiti2025].\n", encoding="utf-8")
    # a new source without its checksum, and an edited source
    (repo / "sources" / "new-source.txt").write_text("Teks sumber baru.\n", encoding="utf-8")
    with open(repo / "bibliography.bib", "a", encoding="utf-8") as bib:
        bib.write("\n@misc{new-source,\n  title = {{[Untitled new source]}},\n"
                  "  note  = {Author, venue and year unknown},\n"
                  "  file  = {sources/new-source.txt}\n}\n")
    with open(repo / "sources" / "tppo-drivers.txt", "a", encoding="utf-8") as src:
        src.write(" \n")

    proc = run(repo, CHECKER, f"docs/chapters/{SLUG}.md", "docs/chapters/example.md",
               "docs/chapters/trafficking-at-sea.md")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    printed = set(proc.stdout.splitlines())
    documented = documented_diagnostics()
    assert len(documented) >= 2
    missing = [line for line in documented if line not in printed]
    assert not missing, ("CONTRIBUTING.md shows messages the checker does not print "
                         "(update the guide's examples):\n" + "\n".join(missing)
                         + "\n\nThe checker printed:\n" + proc.stdout)


# --------------------------------------------------------------------------- the guide

# The corrected sentences the guide shows; each must pass the checker as it stands.
GUIDE_FIXES = [
    "ASEANAPOL brings together the police chiefs of the ASEAN member states "
    "[@chrsiti2025, line 92].",
    "The paper says that \"Aseanapol dibentuk pada tahun 1981 di Manila\" ('ASEANAPOL was formed "
    "in 1981 in Manila') [@chrsiti2025, line 92].",
    "The paper notes that ratifying the conventions has not settled doubts about how well "
    "international law works in Indonesia [@intl-law-effectiveness, line 3].",
    "ASEANAPOL and the police attachés \"hanya dapat melakukan tindakan koordinasi\" ('can only "
    "take coordinating action') [@chrsiti2025, line 108].",
    MISTAKE.replace("1982", "1981"),
]


def test_the_fixes_the_guide_shows_pass_the_checker(tmp_path):
    # (the rule sections are generated from the registry: their examples are the fixtures')
    text = guide()
    fixes = [fix for fix in GUIDE_FIXES if fix in text] + [MISTAKE.replace("1982", "1981")]
    keys = sorted({k for fix in fixes for k in re.findall(r"@([\w-]+)", fix)})
    page = tmp_path / "fixes.md"
    page.write_text(f"---\ntitle: Fixes\nsources: [{', '.join(keys)}]\n---\n\n"
                    + "\n\n".join(fixes) + "\n", encoding="utf-8")
    diags, report, _ = grounding.run(ROOT, [page])
    assert [d.format() for d in diags] == []
    assert next(iter(report["pages"].values()))["cited"] == len(fixes)



def test_every_rule_is_documented_with_an_example_and_a_fix():
    text = rule_sections()
    examples = {DIAG.match(line)["rule"] for line in documented_diagnostics(text)}
    for rule in grounding.REGISTRY.values():
        assert f"### {rule.id}: {rule.title}\n" in text, f"{rule.id}: no section"
        if rule.id != "SRC099":                     # the checker's own failure has no fixture
            assert rule.id in examples, f"{rule.id}: no example message in CONTRIBUTING.md"
        section = text.split(f"### {rule.id}: ", 1)[1].split("\n### ", 1)[0]
        assert "Fix:" in section, f"{rule.id}: the section does not say how to fix it"


def test_rule_sections_are_generated_from_the_registry():
    from grounding.docs import generated_guide
    assert generated_guide(guide()) == guide(), (
        "CONTRIBUTING.md's rule sections differ from the rule registry: run "
        "'python scripts/grounding/docs.py --write'")


def test_guide_covers_what_a_newcomer_needs():
    text = guide()
    for needle in ["make serve", "make test", "make check", "scripts/new_chapter.py",
                   "title", "summary", "sources", "objectives",
                   '!!! keypoints "Key points"', '!!! differ "Where the sources differ"',
                   '!!! exercises "Discussion questions and exercises"',
                   '!!! related "Related chapters"',
                   "`[@key]`", "`[@key, lines 120-128]`", "propose_locators.py", "40 words", "single quotes",
                   "sources/SHA256SUMS", "sha256sum", "file    = {sources/",
                   "scripts/data/aliases.yml", "victim-centred", "digits", "Attribute statistics",
                   "Where the sources differ", "make build", "What reviewers check",
                   "changelog.md", "::error file=", "pre-commit", "CITATION.cff",
                   ".github/PULL_REQUEST_TEMPLATE.md", "pr.yml", "deploy.yml", "release.yml"]:
        assert needle in text, f"CONTRIBUTING.md does not mention {needle!r}"


def test_guide_shows_citations_only_as_code():
    """Outside code the site would try to resolve `[@key]` as a citation."""
    text = re.sub(r"^([ \t]*)```.*?^\1```[ \t]*$", "", guide(), flags=re.M | re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    assert "[@" not in text


def test_guide_is_one_text_rendered_in_the_site(built_site):
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["grounding"] == "meta"
    assert '--8<-- "CONTRIBUTING.md"' in page
    body = page.split("---\n", 2)[2]
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    assert body.strip() == '--8<-- "CONTRIBUTING.md"', "edit CONTRIBUTING.md, not a copy"
    config = (ROOT / "mkdocs.yml").read_text()
    assert re.search(r'base_path: \[docs, "\."\]', config)
    html = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "--8&lt;--" not in html and "--8<--" not in html
    for heading in ["The checker", "SRC008: raw HTML only from the allow-list",
                    "What reviewers check"]:
        assert heading in html
    assert 'href="../changelog/"' in html


# --------------------------------------------------------------------------- chapter template


@pytest.fixture
def fake_root(tmp_path):
    root = tmp_path / "root"
    (root / "docs" / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def new_chapter(root: Path, *args: str):
    return subprocess.run([sys.executable, str(ROOT / NEW_CHAPTER), *args, "--root", str(root)],
                          capture_output=True, text=True)


def test_template_registers_the_chapter_with_one_inserted_line(fake_root):
    before = (fake_root / "mkdocs.yml").read_text()
    title = 'Trafficking at sea: "a case" study'
    proc = new_chapter(fake_root, "trafficking-at-sea", title)
    assert proc.returncode == 0, proc.stderr
    after = (fake_root / "mkdocs.yml").read_text()
    old, new = before.split("\n"), after.split("\n")
    assert len(new) == len(old) + 1
    added = [line for line in new if line not in old]
    assert [line.strip() for line in added] == ["- chapters/trafficking-at-sea.md"]
    assert chapters_in_nav(after)[-1] == "chapters/trafficking-at-sea.md"
    assert chapters_in_nav(after)[:-1] == chapters_in_nav(before)
    assert after.count("!ENV") == before.count("!ENV")          # not re-dumped
    text = (fake_root / "docs" / "chapters" / "trafficking-at-sea.md").read_text()
    assert yaml.safe_load(text.split("---\n")[1])["title"] == title


def test_template_refuses_to_overwrite(fake_root):
    path = fake_root / "docs" / "chapters" / "policing.md"
    path.write_text("my chapter\n")
    before = (fake_root / "mkdocs.yml").read_text()
    proc = new_chapter(fake_root, "policing", "Policing")
    assert proc.returncode == 1
    assert "already exists" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_text() == "my chapter\n"
    assert (fake_root / "mkdocs.yml").read_text() == before


@pytest.mark.parametrize("slug, title, message", [
    ("Trafficking_At_Sea", "Trafficking at sea", "not a valid slug"),
    ("trafficking--at-sea", "Trafficking at sea", "not a valid slug"),
    ("trafficking-at-sea", "   ", "one non-empty line"),
    ("definitions", "Definitions", "already lists chapters/definitions.md"),
])
def test_template_gives_clear_errors_and_changes_nothing(fake_root, slug, title, message):
    before = (fake_root / "mkdocs.yml").read_text()
    proc = new_chapter(fake_root, slug, title)
    assert proc.returncode == 1
    assert message in proc.stderr and proc.stderr.startswith("new_chapter: error:")
    assert (fake_root / "mkdocs.yml").read_text() == before
    assert not list((fake_root / "docs" / "chapters").iterdir())


def test_template_needs_a_chapters_section(fake_root):
    config = fake_root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Chapters:", "  - Lessons:"))
    proc = new_chapter(fake_root, "trafficking-at-sea", "Trafficking at sea")
    assert proc.returncode == 1 and "Chapters" in proc.stderr
    assert not list((fake_root / "docs" / "chapters").iterdir())


def test_template_usage_error():
    proc = subprocess.run([sys.executable, str(ROOT / NEW_CHAPTER)], capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "usage:" in proc.stderr


def test_no_template_placeholders_left_in_chapters():
    left = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "docs" / "chapters").glob("*.md"))
            for n, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1)
            if re.search(r"\bTODO\b", line)]
    assert not left, f"replace the template's TODO placeholders: {left}"


# --------------------------------------------------------------------------- workflows

WORKFLOWS = ROOT / ".github" / "workflows"
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))      # YAML 1.1 reads the key `on` as true
    return data


def makefile_targets() -> set[str]:
    targets = set()
    for line in (ROOT / "Makefile").read_text().split("\n"):
        m = re.match(r"^([A-Za-z0-9_.%/$() -]+?)\s*:(?![=:])", line)
        if m and not line.startswith(("\t", "#", ".PHONY")):
            targets.update(m.group(1).split())
    return targets


def run_scripts(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "run" in step]


def test_workflows_parse_and_are_the_three_expected():
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["deploy.yml", "pr.yml", "release.yml"]
    for name in names:
        data = load_workflow(name)
        assert data["name"] and data["on"] and data["jobs"]
        for job in data["jobs"].values():
            assert "runs-on" in job and job.get("timeout-minutes")


def test_workflows_call_only_existing_make_targets_and_scripts():
    targets = makefile_targets()
    assert {"test", "build", "pdf", "offline"} <= targets
    called, paths = set(), set()
    for name in ["pr.yml", "deploy.yml", "release.yml"]:
        for script in run_scripts(load_workflow(name)):
            for m in re.finditer(r"\bmake\s+([^\n;&|]+)", script):
                for target in m.group(1).split():
                    if not target.startswith("-") and "=" not in target:
                        assert target in targets, f"{name}: 'make {target}' is not in the Makefile"
                        called.add(target)
            for path in re.findall(r"(?<![\w/$.-])((?:\.ci|scripts)/[\w./-]+)", script):
                assert (ROOT / path).is_file(), f"{name}: {path} does not exist"
                paths.add(path)
    assert called == {"pdf", "offline", "build"} and paths == {".ci/run"}


def test_pr_workflow_runs_what_make_test_runs():
    data = load_workflow("pr.yml")
    assert "pull_request" in data["on"]
    assert any(s.strip() == "bash .ci/run" for s in run_scripts(data))
    ci = (ROOT / ".ci" / "run").read_text()
    assert [line for line in ci.split("\n") if line.strip() and not line.startswith("#")][-1] \
        == "make test"
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/check_sources.py" in recipe and "pytest tests" in recipe


def test_deploy_and_release_workflows():
    deploy = load_workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    scripts = "\n".join(run_scripts(deploy))
    for command in ["bash .ci/run", "make pdf offline", "make build"]:
        assert command in scripts
    assert scripts.index("make pdf offline") < scripts.index("make build")   # site offers both
    uses = [s.get("uses", "") for j in deploy["jobs"].values() for s in j.get("steps", [])]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for j in deploy["jobs"].values() for s in j.get("steps", [])
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site" and "--site-dir site" in (ROOT / "Makefile").read_text()

    release = load_workflow("release.yml")
    assert release["on"]["push"]["tags"]
    text = (WORKFLOWS / "release.yml").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for artefact in ["dist/primer.pdf", "dist/primer-offline.zip"]:
        assert text.count(artefact) >= 2 and artefact in makefile
    assert "make pdf offline" in "\n".join(run_scripts(release))


def test_workflows_pin_actions_and_keep_permissions_minimal():
    allowed_write = {("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
                     ("release.yml", "release"): {"contents": "write"}}
    for name in ["pr.yml", "deploy.yml", "release.yml"]:
        data = load_workflow(name)
        assert data["permissions"] == {"contents": "read"}, name
        for job_id, job in data["jobs"].items():
            perms = job.get("permissions")
            if perms is not None:
                assert perms == allowed_write.get((name, job_id)), (name, job_id, perms)
            for step in job.get("steps", []):
                if "uses" in step:
                    assert SHA_PIN.match(step["uses"]), f"{name}: {step['uses']} is not pinned"
        for line in (WORKFLOWS / name).read_text().split("\n"):
            if "uses:" in line:
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
        assert "write-all" not in (WORKFLOWS / name).read_text()


# --------------------------------------------------------------------------- templates


ISSUE_FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_issue_forms_are_valid():
    forms = {p.name: yaml.safe_load(p.read_text()) for p in sorted(ISSUE_FORMS.glob("*.yml"))}
    names = {f["name"] for f in forms.values()}
    assert names == {"Correct a passage", "Propose a new chapter", "Add a source", "Translation"}
    for file, form in forms.items():
        assert set(form) <= {"name", "description", "title", "labels", "assignees", "body",
                             "projects", "type"}, file
        assert form["description"] and isinstance(form["body"], list) and form["body"], file
        ids = [el["id"] for el in form["body"] if "id" in el]
        assert len(ids) == len(set(ids)), f"{file}: duplicate ids"
        assert any(el["type"] != "markdown" for el in form["body"]), file
        for el in form["body"]:
            assert el["type"] in FORM_TYPES, (file, el)
            attrs = el["attributes"]
            if el["type"] == "markdown":
                assert attrs["value"].strip()
                continue
            assert re.fullmatch(r"[A-Za-z0-9_-]+", el["id"]), (file, el["id"])
            assert attrs["label"].strip(), (file, el["id"])
            if el["type"] == "dropdown":
                assert attrs["options"] and all(isinstance(o, str) for o in attrs["options"])
            if el["type"] == "checkboxes":
                assert all(o["label"].strip() for o in attrs["options"])
            assert isinstance(el.get("validations", {}).get("required", False), bool)


def test_pull_request_template_matches_the_review_checklist():
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    boxes = re.findall(r"^- \[ \] (.+)$", template, re.M)
    assert len(boxes) >= 10
    checklist = guide().split("## What reviewers check", 1)[1].split("\n## ", 1)[0]
    for topic in ["make test", "cited passage", "paper the statement comes from",
                  "attributed as the paper attributes them", "40 words", "differ",
                  "victim-centred", "TODO", "changelog", "redistributed", "SHA256SUMS",
                  "confirmed metadata", "aliases"]:
        assert topic.lower() in template.lower(), f"PR template lacks: {topic}"
    for topic in ["cited source", "passage", "attributed", "Quotations", "differ",
                  "victim-centred", "TODO", "redistributed", "What changed"]:
        assert topic in checklist, f"review checklist lacks: {topic}"


# --------------------------------------------------------------------------- pre-commit, CFF


def test_pre_commit_config_is_pinned_and_spares_the_sources():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert re.match(r"\^sources/", config["exclude"])
    hooks = {}
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), repo["repo"]
        for hook in repo["hooks"]:
            hooks[hook["id"]] = hook
    assert {"check-sources", "codespell", "check-yaml", "check-toml",
            "trailing-whitespace"} <= set(hooks)
    assert hooks["check-sources"]["entry"].split()[1] == CHECKER
    assert (ROOT / CHECKER).is_file() and (ROOT / ".codespellrc").is_file()
    assert "docs/" in hooks["codespell"]["files"]
    assert "--unsafe" in hooks["check-yaml"]["args"]       # mkdocs.yml has !ENV tags


def test_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    for key in ["message", "title", "authors"]:
        assert cff[key], key
    assert cff["authors"] == [{"name": "The primer's contributors"}]
    assert cff["license"] == "CC-BY-4.0"
    site_name = re.search(r'^site_name: "(.+)"$', (ROOT / "mkdocs.yml").read_text(), re.M)[1]
    assert cff["title"] == site_name
    text = (ROOT / "CITATION.cff").read_text()
    assert "doi" not in cff and "family-names" not in text and "identifiers" not in cff

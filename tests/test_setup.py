"""The set-up and the contributor's loop (issue 16): the Makefile's Python guard and .venv
rebuild, clean/distclean, the one list of system packages, `make test-fast`, `make serve PORT=`,
editions rebuilt only when their inputs changed, the edition stamp, and a quiet build log.

Nothing here installs, builds or serves for real: `make -n` shows what make would do, the guard
and the port check stop make before any of that, and the edition stamp is tried on a scratch git
repository. The real runs are recorded in the README/CONTRIBUTING commands themselves.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT

SCRIPTS = ROOT / "scripts"
STAMP = ".venv/.installed"


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


setup_checks = load(SCRIPTS / "setup_checks.py", "setup_checks")


def make(*args: str, cwd: Path = ROOT, env: dict | None = None,
         timeout: int = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {})}
    env.pop("PYTHON", None)              # the tests say which PYTHON they mean
    env.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def fake_python(tmp_path: Path, version=(3, 10, 13), no_venv=False, name="python3.10") -> Path:
    """An interpreter that reports an older version (or lacks venv/ensurepip, as Debian's
    python3 does without the python3-venv package); it runs the real one underneath."""
    prelude = f"sys.version_info = {tuple(version) + ('final', 0)!r}; "
    if no_venv:
        prelude += "sys.modules['ensurepip'] = None; "
    path = tmp_path / "bin" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n"
                    f"exec {sys.executable} -c \"import runpy, sys; {prelude}"
                    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')\""
                    " \"$@\"\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


# --------------------------------------------------------------------------- Python and .venv


def test_minimum_python_is_what_the_pinned_packages_require():
    """MINIMUM is the highest Requires-Python lower bound among the installed (pinned) packages."""
    minimum = Version(setup_checks.MINIMUM_TEXT)
    bounds = []
    for dist in importlib.metadata.distributions():
        spec = dist.metadata.get("Requires-Python")
        if not spec:
            continue
        spec = SpecifierSet(spec)
        assert minimum in spec, f"{dist.metadata['Name']} needs Python {spec}"
        bounds += [Version(s.version) for s in spec if s.operator == ">="]
    assert max(bounds) == minimum, f"the pins need Python >= {max(bounds)}, not {minimum}"
    # the other places that name it
    assert setup_checks.MINIMUM_TEXT in (ROOT / "Makefile").read_text()
    assert f"Python {setup_checks.MINIMUM_TEXT}" in (ROOT / "README.md").read_text()


def test_too_old_python_stops_make_with_a_clear_message(tmp_path):
    old = fake_python(tmp_path)
    venv = tmp_path / "venv"
    proc = make("deps", f"PYTHON={old}", f"VENV={venv}")
    assert proc.returncode != 0
    assert "needs Python 3.11.5 or newer" in proc.stderr, proc.stderr
    assert f"PYTHON={old} is Python 3.10.13" in proc.stderr, proc.stderr
    assert "make PYTHON=" in proc.stderr                      # how to point make at another one
    assert "No matching distribution" not in proc.stderr + proc.stdout
    assert not venv.exists(), "nothing is created with a Python that cannot install the pins"


def test_python_without_venv_module_names_python3_venv(tmp_path):
    py = fake_python(tmp_path, version=sys.version_info[:3], no_venv=True, name="python3")
    proc = make("deps", f"PYTHON={py}", f"VENV={tmp_path / 'venv'}")
    assert proc.returncode != 0
    assert "sudo apt-get install python3-venv" in proc.stderr, proc.stderr
    assert "make system-deps" in proc.stderr


def test_missing_python_is_named(tmp_path):
    proc = make("deps", "PYTHON=no-such-python3", f"VENV={tmp_path / 'venv'}")
    assert proc.returncode != 0
    assert "PYTHON=no-such-python3 was not found" in proc.stderr, proc.stderr


def _venv_state(output: str) -> str:
    m = re.search(r'if \[ "(.*?)" != ok \]', output)
    return m.group(1) if m else "(up to date: " + output.strip() + ")"


def test_venv_with_too_old_python_is_rebuilt(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    os.symlink(fake_python(tmp_path), venv / "bin" / "python")
    proc = make("-n", "deps", f"VENV={venv}")
    assert _venv_state(proc.stdout) == "its Python is 3.10.13, older than the 3.11.5 the primer needs"
    assert f"rm -rf {venv}" in proc.stdout


def test_broken_venv_is_rebuilt(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    os.symlink(tmp_path / "gone" / "python3", venv / "bin" / "python")   # base Python removed
    proc = make("-n", "deps", f"VENV={venv}")
    assert _venv_state(proc.stdout) == ""
    assert "its Python does not run" in proc.stdout


def test_venv_is_rebuilt_when_PYTHON_names_another_interpreter(tmp_path):
    other = fake_python(tmp_path)
    proc = make("-n", "deps", f"PYTHON={other}")               # the real .venv, only looked at
    state = _venv_state(proc.stdout)
    assert state.startswith("it was made with Python 3.") and "is Python 3.10.13" in state, state


def test_working_venv_is_kept():
    for args in [[], [f"PYTHON={sys.executable}"]]:
        proc = make("-n", "deps", *args)
        out = proc.stdout
        assert proc.returncode == 0, proc.stderr
        assert "Nothing to be done" in out or _venv_state(out) == "ok", out


def _scratch_tree(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "Makefile", work)
    generated = ["site/index.html", "dist/primer.pdf", "tmp/editions/edition.txt",
                 ".pytest_cache/v", ".hypothesis/examples/x", ".venv/bin/python",
                 "scripts/__pycache__/x.pyc", "tests/__pycache__/y.pyc"]
    for rel in generated + ["docs/index.md", "scripts/keep.py"]:
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text("x")
    return work


def test_clean_removes_build_outputs_and_distclean_everything_generated(tmp_path):
    work = _scratch_tree(tmp_path)
    assert make("clean", cwd=work).returncode == 0
    for gone in ["site", "dist", "tmp", ".pytest_cache"]:
        assert not (work / gone).exists(), gone
    assert (work / ".venv").exists()                        # clean keeps the environment
    proc = make("distclean", cwd=work)
    assert proc.returncode == 0, proc.stderr
    for gone in [".venv", ".hypothesis", "scripts/__pycache__", "tests/__pycache__"]:
        assert not (work / gone).exists(), gone
    assert (work / "docs/index.md").is_file() and (work / "scripts/keep.py").is_file()


# --------------------------------------------------------------------------- system packages


def system_packages() -> list[str]:
    text = (SCRIPTS / "system-packages.txt").read_text()
    return [line.split("#", 1)[0].strip() for line in text.splitlines()
            if line.split("#", 1)[0].strip()]


def apt_installs(text: str) -> list[list[str]]:
    """The packages of every `apt-get install` command in a text (continuation lines joined)."""
    text = text.replace("\\\n", " ")
    found = []
    for m in re.finditer(r"apt-get install ([^\n`]*)", text):
        found.append([w for w in m.group(1).split() if not w.startswith("-")])
    return found


def test_one_list_of_system_packages():
    packages = system_packages()
    assert {"python3-venv", "qpdf", "chromium"} <= set(packages)
    for doc in ["README.md", "CONTRIBUTING.md"]:
        commands = apt_installs((ROOT / doc).read_text())
        assert commands, f"{doc} quotes no apt-get install"
        for cmd in commands:
            assert cmd == packages, f"{doc}: {cmd} is not scripts/system-packages.txt"
    proc = make("-n", "system-deps")
    assert [cmd for cmd in apt_installs(proc.stdout)] == [_to_install(packages)], proc.stdout
    ci = (ROOT / ".ci/run").read_text()
    assert "scripts/system-packages.txt" in ci
    assert not any(re.search(rf"\b{re.escape(p)}\b", line) for p in packages
                   for line in ci.splitlines() if "apt-get install" in line)


def test_the_list_has_the_tools_make_test_runs():
    """`make test` installs the pinned test tools with `npm ci` and runs them with node (and
    Java): every one must come from a listed package. Debian's and Ubuntu's `nodejs` ships no
    npm (it is the separate `npm` package), so `nodejs` alone left a fresh machine where
    `make system-deps` succeeded and `make test` then stopped at "npm was not found"."""
    packages = set(system_packages())
    recipe = make("-n", "-B", "-o", STAMP, "tests/tools/node_modules/.installed").stdout
    assert "npm ci --prefix tests/tools" in recipe, recipe
    assert {"nodejs", "npm"} <= packages
    assert "default-jre-headless" in packages          # vnu-jar (tests/test_markup.py)


def _to_install(packages: list, npm_found: bool | None = None) -> list:
    """The list as installed: `npm` only where the npm command is missing (NodeSource's nodejs
    bundles npm and conflicts with Debian's npm package, so apt-get would fail)."""
    if npm_found is None:
        npm_found = shutil.which("npm") is not None
    return [p for p in packages if not (npm_found and p == "npm")]


def _run_ci(tmp_path, npm: bool) -> list:
    """.ci/run with CI set, apt-get/make/sudo faked; `npm` on PATH or not."""
    fake = tmp_path / f"fakebin-{npm}"
    fake.mkdir()
    log = tmp_path / f"log-{npm}"
    tools = ["apt-get", "make", "sudo"] + (["npm"] if npm else [])
    for tool in tools:
        body = 'exec "$@"' if tool == "sudo" else f'echo "{tool} $*" >> {log}'
        (fake / tool).write_text(f"#!/bin/sh\n{body}\n")
        (fake / tool).chmod(0o755)
    for tool in ["sed", "id", "dirname", "sh"]:          # what .ci/run itself calls
        (fake / tool).symlink_to(shutil.which(tool))
    env = {**os.environ, "CI": "true", "PATH": str(fake)}
    proc = subprocess.run([shutil.which("bash"), str(ROOT / ".ci/run")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines()


def test_ci_installs_the_list_then_runs_exactly_make_test(tmp_path):
    for npm in (False, True):
        lines = _run_ci(tmp_path, npm)
        assert lines[0].startswith("apt-get update")
        install = lines[1].split()
        assert install[:2] == ["apt-get", "install"]
        assert [w for w in install[2:] if not w.startswith("-")] == \
            _to_install(system_packages(), npm_found=npm), npm
        assert lines[2:] == ["make test"]


# --------------------------------------------------------------------------- test-fast


PROBE = '''
import json
HEAVY = {"browser", "pdf_edition"}
def pytest_collection_finish(session):
    print("HEAVY=" + json.dumps([i.nodeid for i in session.items
                                  if HEAVY & set(getattr(i, "fixturenames", ()))]))
    print("COUNT=%d" % len(session.items))
'''


def test_test_fast_leaves_out_every_browser_and_pdf_test(tmp_path):
    (tmp_path / "heavy_probe.py").write_text(PROBE)
    recipe = make("-n", "-o", STAMP, "test-fast").stdout
    m = re.search(r'-m pytest tests -m "([^"]+)"', recipe)
    assert m, recipe
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p",
                           "heavy_probe", "-m", m.group(1), "tests"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "HEAVY=[]" in proc.stdout, "tests needing Chromium or the PDF are not marked:\n" + \
        proc.stdout
    assert int(re.search(r"COUNT=(\d+)", proc.stdout).group(1)) > 50
    # `make test` is still everything, after the checker
    full = make("-n", "-o", STAMP, "test").stdout.splitlines()
    assert full[-2:] == [".venv/bin/python scripts/check_sources.py",
                         ".venv/bin/python -m pytest tests"], full


# --------------------------------------------------------------------------- make serve


def test_serve_on_a_busy_port_says_so_before_starting_mkdocs():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        proc = make("-o", STAMP, "serve", f"PORT={port}")
    assert proc.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in proc.stderr, proc.stderr
    assert f"make serve PORT={port + 1}" in proc.stderr
    assert "Traceback" not in proc.stderr and "mkdocs serve" not in proc.stdout
    assert time.monotonic() - start < 20


def test_serve_port_is_chosen_and_checked():
    assert "mkdocs serve --no-strict --dev-addr 127.0.0.1:8000" in make("-n", "-o", STAMP, "serve").stdout
    out = make("-n", "-o", STAMP, "serve", "PORT=8123").stdout
    assert out.index("setup_checks.py port '8123'") < out.index("--dev-addr 127.0.0.1:8123")
    proc = make("-o", STAMP, "serve", "PORT=80a")
    assert proc.returncode != 0 and "PORT=80a is not a port number" in proc.stderr
    with socket.socket() as probe:                          # a free port passes the check
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert setup_checks.check_port(str(free)) == 0


# --------------------------------------------------------------------------- training editions


def test_edition_inputs_are_listed_once():
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    m = re.search(r"^EDITION_INPUTS := (.*)$", text, re.M)
    listed = m.group(1).split("$(shell")[0].split() + \
        re.search(r"find (.*?) -type", m.group(1)).group(1).split()
    edition = load(SCRIPTS / "edition.py", "edition_for_test")
    assert sorted(listed) == sorted(edition.INPUTS)


def test_editions_are_rebuilt_only_when_their_inputs_or_stamp_change(tmp_path):
    dist, editions = tmp_path / "dist", tmp_path / "editions"
    args = ["-n", "-o", STAMP, "offline", f"DIST={dist}", f"EDITIONS={editions}"]
    first = make(*args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert first.stdout.count("mkdocs build") == 2, first.stdout     # nothing built yet
    stamp = editions / "edition.txt"
    assert stamp.read_text().startswith("Edition 2023-11-14 (")
    (dist / "handouts").mkdir(parents=True)
    for name in ["primer.pdf", "primer-id.pdf", "handouts/.built",
                 "primer-offline.zip"]:                                # the order make writes
        (dist / name).write_text("built")
    current = make(*args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert "mkdocs build" not in current.stdout, current.stdout       # current: not rebuilt
    # an input newer than the PDF: both editions again
    os.utime(dist / "primer.pdf", (1_000_000_000, 1_000_000_000))
    stale = make(*args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert stale.stdout.count("mkdocs build") == 2, stale.stdout
    # a new edition stamp (here: another date; equally a commit, a tag or uncommitted edits)
    os.utime(dist / "primer.pdf")
    os.utime(dist / "primer-offline.zip")
    restamped = make(*args, env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert restamped.stdout.count("mkdocs build") == 2, restamped.stdout
    assert stamp.read_text().startswith("Edition 2027-01-15 (")


# --------------------------------------------------------------------------- edition stamp


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture()
def scratch_repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPTS / "edition.py", repo / "scripts")
    (repo / "docs").mkdir()
    (repo / "docs" / "index.md").write_text("# Home\n")
    (repo / ".gitignore").write_text("site/\ndist/\ntmp/\n__pycache__/\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    edition = load(repo / "scripts" / "edition.py", "edition_scratch")
    return repo, edition


def test_edition_stamp_commit_tag_and_uncommitted_changes(scratch_repo, monkeypatch):
    repo, edition = scratch_repo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sha = git(repo, "rev-parse", "--short", "HEAD")
    ed = edition.edition()
    assert (ed["label"], ed["commit"], ed["dirty"]) == (f"Edition 2023-11-14 ({sha})", sha, False)

    (repo / "site").mkdir()                                  # build outputs do not count
    (repo / "site" / "index.html").write_text("x")
    (repo / "notes.txt").write_text("not an input")          # nor files the editions don't use
    assert edition.edition()["dirty"] is False

    git(repo, "tag", "v1.0")                                 # a release
    ed = edition.edition()
    assert (ed["label"], ed["tag"], ed["sha"]) == ("Edition 2023-11-14 (v1.0)", "v1.0", sha)

    (repo / "docs" / "index.md").write_text("# Home, edited\n")   # an edit not yet committed
    ed = edition.edition()
    assert ed["label"] == "Edition 2023-11-14 (v1.0) + uncommitted changes"
    assert ed["commit"] == "v1.0 + uncommitted changes"
    git(repo, "checkout", "-q", "--", "docs/index.md")
    (repo / "docs" / "new.md").write_text("# New page\n")          # a new, untracked page
    assert edition.edition()["dirty"] is True

    git(repo, "add", "docs/new.md")
    git(repo, "commit", "-q", "-m", "second")                # after the tag: the commit again
    ed = edition.edition()
    assert ed["label"] == f"Edition 2023-11-14 ({git(repo, 'rev-parse', '--short', 'HEAD')})"
    assert subprocess.run([sys.executable, str(repo / "scripts" / "edition.py")],
                          capture_output=True, text=True).stdout.splitlines()[0] == ed["label"]


def test_edition_without_git(tmp_path, monkeypatch):
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPTS / "edition.py", tmp_path / "scripts")
    edition = load(tmp_path / "scripts" / "edition.py", "edition_nogit")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert edition.edition()["label"] == "Edition 2023-11-14 (unversioned)"


def test_site_pdf_and_offline_bundle_share_the_stamp():
    """One source, scripts/edition.py: the site pages (and so the offline bundle, which is the
    same pages built with OFFLINE=true) show config.extra.edition; the PDF cover and page
    footers use the same dict, and the PDF dates come from it too."""
    hooks = (SCRIPTS / "mkdocs_hooks.py").read_text()
    assert "from edition import edition" in hooks and 'config.extra["edition"] = edition()' in hooks
    assert "config.extra.edition.label" in (ROOT / "overrides" / "main.html").read_text()
    cover = (SCRIPTS / "pdf" / "cover.html.j2").read_text()
    assert "{{ edition.label | e }}" in cover
    assert "from edition import edition" in (SCRIPTS / "pdf" / "pdf_event_hook.py").read_text()
    offline = (ROOT / "Makefile").read_text().split("$(DIST)/primer-offline.zip:")[1]
    assert "OFFLINE=true $(BIN)/mkdocs build" in offline


# --------------------------------------------------------------------------- the build log


def test_pdf_export_off_is_not_logged_as_an_instruction(caplog):
    import yaml

    class _Loader(yaml.SafeLoader):
        pass
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    assert "scripts/hooks/quiet_logs.py" in config["hooks"]

    load(SCRIPTS / "hooks" / "quiet_logs.py", "quiet_logs_a")
    load(SCRIPTS / "hooks" / "quiet_logs.py", "quiet_logs_b")     # `mkdocs serve` reloads hooks
    logger = logging.getLogger("mkdocs.to-pdf")
    assert sum(getattr(f, "primer_quiet_logs", False) for f in logger.filters) == 1
    with caplog.at_level(logging.INFO, logger="mkdocs.to-pdf"):
        logger.info("without generate PDF(set environment variable %s to 1 to enable)",
                    "ENABLE_PDF_EXPORT")
        logger.info("Converting 21 articles to PDF took 19.7s")
    assert [r.getMessage() for r in caplog.records] == ["Converting 21 articles to PDF took 19.7s"]

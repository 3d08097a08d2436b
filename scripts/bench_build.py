#!/usr/bin/env python3
"""How long the strict site build takes, and where the time goes (`make bench-build`).

1. Times `mkdocs build --strict` as a reader of the README would run it (a fresh process,
   into a scratch folder), RUNS times, and reports the median and the spread.
2. Builds once more in this process with every plugin and hook event handler timed (MkDocs'
   PluginCollection: one row per event and handler, e.g. `on_page_markdown  hooks/citations`)
   plus the Markdown-to-HTML conversion of the pages (Python-Markdown, not an event) and the
   template rendering; what is left is MkDocs itself (reading files, writing the site).
3. With --profile, the same build under cProfile: the top entries by own time.

The target (issue 15) is at most 10 s on the project's 2-core machine: the script exits with
status 1 when the median is over --limit (default 10 s), so CI can keep it.

    python scripts/bench_build.py [--runs 3] [--limit 10] [--profile] [--top 15]
"""
from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_build(site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench_build: the strict build failed:\n{proc.stderr[-3000:]}")
    return elapsed


def _owner(method) -> str:
    owner = getattr(method, "__self__", None)
    if owner is not None:
        return type(owner).__module__.split(".")[0] + "." + type(owner).__name__
    module = getattr(method, "__module__", "") or ""
    path = getattr(sys.modules.get(module), "__file__", "") or module
    try:
        return "hook " + Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return module


def instrumented_build(site: Path, profile: bool, top: int) -> None:
    os.chdir(ROOT)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import logging

    from mkdocs.commands import build as build_mod
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    totals: dict[tuple[str, str], float] = collections.defaultdict(float)
    calls: dict[tuple[str, str], int] = collections.Counter()

    def wrap(event, method):
        key = (event, _owner(method))

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                totals[key] += time.perf_counter() - start
                calls[key] += 1
        return timed

    import jinja2
    render, template = Page.render, jinja2.Template.render

    def timed_render(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            totals[("(page.render)", "Python-Markdown: Markdown to HTML")] += \
                time.perf_counter() - start
            calls[("(page.render)", "Python-Markdown: Markdown to HTML")] += 1

    def timed_template(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return template(self, *args, **kwargs)
        finally:
            totals[("(template)", "Jinja2: theme templates")] += time.perf_counter() - start
            calls[("(template)", "Jinja2: theme templates")] += 1

    Page.render = timed_render
    jinja2.Template.render = timed_template
    config = load_config(str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(site))
    events = config.plugins.events
    for event in list(events):
        events[event] = [wrap(event, m) for m in events[event]]
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    build_mod.build(config)
    total = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
    Page.render, jinja2.Template.render = render, template

    accounted = sum(totals.values())
    print(f"\nIn-process strict build: {total:.2f} s (timing overhead included). Where it goes:")
    print(f"  {'seconds':>7}  {'share':>5}  {'calls':>5}  event / handler")
    for (event, who), seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        if seconds < 0.005:
            continue
        print(f"  {seconds:7.2f}  {seconds / total:5.0%}  {calls[(event, who)]:5d}  "
              f"{event:<18} {who}")
    rest = total - accounted
    print(f"  {rest:7.2f}  {rest / total:5.0%}         {'(rest)':<18} MkDocs itself: config, "
          "files, nav, writing the site")
    if profiler is not None:
        import pstats
        print(f"\ncProfile, top {top} by own time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=10.0, help="seconds (median); exit 1 if over")
    ap.add_argument("--profile", action="store_true", help="add cProfile's top entries")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--breakdown-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        if args.breakdown_only:
            instrumented_build(Path(tmp) / "site", args.profile, args.top)
            return 0
        times = [timed_build(Path(tmp) / f"site{i}") for i in range(args.runs)]
        median = statistics.median(times)
        print(f"mkdocs build --strict (English edition), {args.runs} run(s) in fresh processes: "
              f"median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}); "
              f"target <= {args.limit:g} s on 2 cores: {'met' if median <= args.limit else 'MISSED'}")
        sys.stdout.flush()
        # the breakdown in a fresh process too (hooks keep module state between builds)
        cmd = [sys.executable, __file__, "--breakdown-only", "--top", str(args.top)]
        if args.profile:
            cmd.append("--profile")
        subprocess.run(cmd, check=True)
    return 0 if median <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())

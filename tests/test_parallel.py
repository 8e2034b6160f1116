"""When a build renders in a second process: usable CPUs, platform, threads, the opt-out."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from handbook import parallel, render
from handbook.pipeline import Options, build
from tests.conftest import write_project


def _large_project(root):
    pages = {f"content/part/page-{n:03}.md": f"# Page {n}\n" for n in range(render.PARALLEL_PAGES + 10)}
    pages["content/part/index.md"] = "# Part\n"
    return write_project(root, pages)


def test_a_build_without_sched_getaffinity_succeeds_in_two_processes(tmp_path, monkeypatch, forks):
    # macOS has neither sched_getaffinity nor (before Python 3.13) process_cpu_count
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    # a server another test left running is a thread: this test is about counting CPUs
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    result = build(Options(project=_large_project(tmp_path / "project")))
    assert result.report.sorted() == [] and len(result.files) > render.PARALLEL_PAGES
    assert forks == [1, 1]  # one to parse the Markdown, one to render the pages


def test_usable_cpus_prefers_the_process_count_then_affinity_then_all(monkeypatch):
    monkeypatch.setattr(os, "process_cpu_count", lambda: 3, raising=False)
    assert parallel.usable_cpus() == 3
    monkeypatch.delattr(os, "process_cpu_count")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 5}, raising=False)
    assert parallel.usable_cpus() == 2
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert parallel.usable_cpus() == 1


def test_one_usable_cpu_renders_in_one_process(tmp_path, monkeypatch, forks):
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert build(Options(project=_large_project(tmp_path / "project"))).report.sorted() == []
    assert forks == []


def test_a_process_running_threads_never_forks(tmp_path, forks):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert build(Options(project=_large_project(tmp_path / "project"))).report.sorted() == []
    finally:
        stop.set()
        other.join()
    assert forks == []


def test_the_opt_out_and_other_platforms_render_in_one_process(tmp_path, monkeypatch, forks):
    project = _large_project(tmp_path / "project")
    monkeypatch.setenv(parallel.OPT_OUT, "1")
    assert build(Options(project=project)).report.sorted() == []
    monkeypatch.delenv(parallel.OPT_OUT)
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert build(Options(project=project)).report.sorted() == []
    assert forks == []


def test_the_two_processes_take_every_item_once_and_the_slower_one_takes_fewer():
    """taking_in_two: the print page's process renders it first, then both take pages from one
    queue; here the forked process takes 5 ms an item and this one nothing."""
    import time
    parent = os.getpid()

    def work(taken):
        done = []
        for item in taken:
            if os.getpid() != parent:
                time.sleep(0.005)
            done.append(item)
        return done
    items = list(range(1, 400))
    own, other = parallel.taking_in_two(work, items, first=[0])
    assert own[0] == 0 and 0 not in other
    assert sorted(own + other) == list(range(400))  # each item once
    assert own[1:] == sorted(own[1:]) and other == sorted(other)  # each takes them in order
    assert len(other) < len(own) / 4


def test_the_forked_process_takes_items_while_this_one_does_something_else():
    """parallel.Taking: begun, the forked process takes items at once; join takes what is left."""
    import time
    parent = os.getpid()

    def work(taken):
        return [(item, os.getpid() != parent) for item in taken]
    taking = parallel.Taking(work, list(range(200)))
    time.sleep(0.3)  # this process imports the renderer, reads the framework...
    own, other = taking.join()
    assert sorted(item for item, _ in own + other) == list(range(200))
    assert all(forked for _, forked in other) and not any(forked for _, forked in own)
    assert len(other) > len(own)


def test_a_taking_that_is_not_joined_is_cancelled_and_leaves_no_process():
    """content.Loading.close: a build that ends before it needs the documents stops the child."""
    import time

    def work(taken):
        for _ in taken:
            time.sleep(1)
        return []
    taking = parallel.Taking(work, list(range(100)))
    pid = taking.forked.pid
    started = time.monotonic()
    taking.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):  # reaped already: no such child any more
        os.waitpid(pid, os.WNOHANG)
    with pytest.raises(OSError):
        os.fstat(taking.queue)


def test_the_generator_imports_the_renderer_only_once_the_parsing_has_begun():
    """pipeline.py imports Jinja2 and the rendering modules in gather, after content.Loading
    began (a large build's second process parses meanwhile), not when it is imported."""
    import subprocess
    import sys
    code = ("import sys, handbook.cli; print(sorted(m for m in ('jinja2', 'handbook.render', "
            "'handbook.site', 'handbook.overrides') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_a_clean_build_of_the_handbook_loads_no_module_only_a_mistake_or_new_needs(tmp_path):
    """Start-up is a third of building the handbook: a build without mistakes imports neither
    difflib (a near miss's suggestion; the guidance's own anchors, such as {#why-it-matters},
    are checked for misspelt level ids without it) nor the writer of new projects (--help's
    limits come from handbook/examples.py) nor the translations command (a translation's
    source is hashed as git does by sources.blob_id)."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent
    code = ("import sys; from pathlib import Path; from handbook.cli import main; "
            f"code = main(['build', '--project', {str(root)!r}, '--out', {str(tmp_path / 'site')!r}], "
            f"theme=Path({str(root / 'theme')!r})); "
            "print(code, sorted(m for m in ('difflib', 'handbook.new', 'handbook.serve', "
            "'handbook.status') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.splitlines()[-1] == "0 []", shown.stdout + shown.stderr

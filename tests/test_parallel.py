"""When a build renders in a second process: usable CPUs, platform, threads, the opt-out."""

from __future__ import annotations

import os
import threading

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

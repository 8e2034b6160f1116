"""Loading many Markdown files in two processes: the same documents and problems as in one."""

from __future__ import annotations

import pytest

from handbook import content, parallel
from handbook.pipeline import Options, build
from tests.conftest import write_project


def _many_files(root):
    """A project of more Markdown files than content.PARALLEL_DOCS, three of them with mistakes."""
    pages = {f"content/part/page-{n:03}.md": f"# Page {n}\n\nText [part](index.md).\n"
             for n in range(content.PARALLEL_DOCS + 10)}
    pages["content/part/index.md"] = "# Part\n"
    pages["content/part/page-007.md"] = ""
    pages["content/part/page-100.md"] = "---\ntitel: x\n---\n# Page 100\n"
    pages["content/part/page-201.md"] = "---\ntitle: [open\n---\n# Page 201\n"
    return write_project(root, pages)


@pytest.fixture
def two_cpus(monkeypatch, forks):
    """Count the forks a build makes, on two usable CPUs and with one thread running."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    return forks


def _alone_then_shared(project, monkeypatch, forks) -> tuple:
    """Build the project in one process (the opt-out set), then as it is: both results."""
    monkeypatch.setenv(parallel.OPT_OUT, "1")
    alone = build(Options(project=project))
    monkeypatch.delenv(parallel.OPT_OUT)
    assert forks == []
    return alone, build(Options(project=project))


def test_many_files_load_in_two_processes_as_in_one(tmp_path, monkeypatch, two_cpus):
    alone, shared = _alone_then_shared(_many_files(tmp_path / "project"), monkeypatch, two_cpus)
    assert two_cpus == [1]  # the loading's: with problems, nothing is rendered
    assert [p.format() for p in shared.report.problems] == [p.format() for p in alone.report.problems]
    assert len(alone.report.problems) == 3


def test_many_good_files_load_and_render_as_in_one_process(tmp_path, monkeypatch, two_cpus):
    project = _many_files(tmp_path / "project")
    for name in ("page-007.md", "page-100.md", "page-201.md"):
        (project / "content" / "part" / name).write_text(f"# {name}\n", encoding="utf-8")
    alone, shared = _alone_then_shared(project, monkeypatch, two_cpus)
    assert two_cpus == [1, 1]  # loading, then rendering
    assert shared.report.sorted() == alone.report.sorted() == []
    assert shared.files == alone.files


def _handbook_with_guidance_mistakes(root):
    """The real handbook's content and framework, two function files with mistakes in their
    levels' sections (a misspelt level id, a level's section left out)."""
    import re
    import shutil
    from tests.conftest import REPO

    for name in ("content", "framework"):
        shutil.copytree(REPO / name, root / name)
    functions = sorted((root / "content" / "functions").glob("*.md"))
    ids = re.findall(r"^## [^\n]*\{#([a-z0-9-]+)\}", functions[0].read_text(encoding="utf-8"), re.M)
    level = ids[-1]  # the last section of a guidance file is a level's
    first = functions[0].read_text(encoding="utf-8").replace(f"{{#{level}}}", f"{{#{level}x}}")
    functions[0].write_text(first, encoding="utf-8")
    second = functions[1].read_text(encoding="utf-8")
    functions[1].write_text(second[:second.index(f"{{#{level}}}")].rsplit("\n## ", 1)[0] + "\n",
                            encoding="utf-8")
    return root


def test_function_files_split_while_loading_report_as_when_split_after(tmp_path, monkeypatch, two_cpus):
    """content.Loading splits the function files into their levels' sections in whichever
    process parsed them: the same problems, in the same order, as a build in one process."""
    project = _handbook_with_guidance_mistakes(tmp_path / "project")
    alone, shared = _alone_then_shared(project, monkeypatch, two_cpus)
    assert two_cpus[:1] == [1]
    functions = [p for p in alone.report.problems if "functions/" in p.format()]
    assert len(functions) >= 2, [p.format() for p in alone.report.problems]
    assert [p.format() for p in shared.report.problems] == [p.format() for p in alone.report.problems]
    assert shared.files == alone.files

"""bench/floor.py, the bare generator the benchmark measures ours against: split over two
processes, it writes what one process writes, byte for byte, and every page."""
from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.title = [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def _floor(project: Path, out: Path, processes: int) -> dict:
    result = subprocess.run([sys.executable, str(BENCH / "floor.py"), str(project), str(out),
                             "--processes", str(processes)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_two_processes_write_what_one_writes(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import synth
    finally:
        sys.path.remove(str(BENCH))
    project = synth.scale_project(tmp_path / "project", size="handbook")
    one = _floor(project, tmp_path / "one", 1)
    two = _floor(project, tmp_path / "two", 2)
    sources = sorted(path.relative_to(project / "content").with_suffix(".html").as_posix()
                     for path in (project / "content").rglob("*.md"))
    assert sorted(one) == sources and len(sources) > 20
    assert two == one
    page = _Text()
    page.feed(one[sources[-1]].decode("utf-8"))
    assert "p" in page.tags and page.title  # rendered Markdown (not escaped text), with its title

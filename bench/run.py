#!/usr/bin/env python3
"""Benchmark the generator against MkDocs and Hugo; write bench/RESULTS.md.

Usage: python bench/run.py [--quick] [--sizes 30,1000[,10000]] [--only serve] [--against COMMIT [--at COMMIT]]

Needs MkDocs 1.6 (installed into bench/out/venv on first run) and Hugo (installed with
`apt-get install hugo` when run as root on Debian); the run stops, naming it, when either is missing. The serve measurement drives Debian's Chromium
through Playwright and stops the run when either is missing. Inputs and outputs go to bench/out/
(ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
MKDOCS = OUT / "venv" / "bin" / "mkdocs"
OURS = OUT / "venv-ours" / "bin" / "python"  # runs ours and the floor: see _our_venv
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdurl", "pyyaml", "livereload", "tornado",
             "watchfiles", "anyio", "idna")  # the generator's, serve's included
SPACING = 0.5  # seconds between serve edits, for a save's second burst to be rebuilt


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite RESULTS.md from bench/out/results.json without measuring")
    parser.add_argument("--only", choices=["serve"], help="measure only the dev server and "
                        "rewrite only its rows of RESULTS.md")
    parser.add_argument("--against", metavar="COMMIT", help="only time cold builds of the handbook "
                        "and of 1,000 pages against COMMIT's generator, in alternating pairs, and "
                        "rewrite only that section of RESULTS.md")
    parser.add_argument("--sizes", default="30,1000", type=_sizes, help="the sizes of the "
                        "cold-build tables, from 30 (the real handbook), 1000 and 10000 pages "
                        "(default 30,1000; 10,000 pages adds several minutes)")
    parser.add_argument("--at", metavar="COMMIT", help="with --against: time COMMIT's generator "
                        "instead of the working tree's")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    if args.against:
        return _against(args.against, 3 if args.quick else 10, args.at)
    if args.report_only:
        results = json.loads((OUT / "results.json").read_text())
        path = HERE / "RESULTS.md"
        earlier = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(_carry_sections(earlier, _report(results)), encoding="utf-8")
        return 0
    pairs, rounds, edits = (3, 1, 2) if args.quick else (10, 3, 10)
    OUT.mkdir(exist_ok=True)
    if args.only == "serve":
        return _serve_only(edits, args.quick)
    results = _measure(args.sizes, args.quick, pairs, rounds, edits)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    path = HERE / "RESULTS.md"
    earlier = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(_carry_sections(earlier, _report(results)), encoding="utf-8")
    print(f"Wrote {path}", flush=True)
    return 0


def _measure(sizes: set, quick: bool, pairs: int, rounds: int, edits: int) -> dict:
    """Every measurement of a full run."""
    tools = _tools()
    results = {"machine": _machine(tools), "quick": quick}
    print("Preparing inputs ...", flush=True)
    inputs = _prepare(sizes)
    results["handbook"] = _compare(inputs["handbook"], inputs["handbook-md"], tools, pairs)
    results["handbook-languages"] = _compare(inputs["handbook-languages"], None, {}, rounds)
    results["scale"] = _compare(inputs["scale"], inputs["scale-md"], tools, rounds,
                                mkdocs_rounds=1)
    if "scale10k" in inputs:
        results["scale10k"] = _compare(inputs["scale10k"], inputs["scale10k-md"],
                                       {name: v for name, v in tools.items() if name != "mkdocs"}, rounds)
    results["framework"] = _compare(inputs["framework"], None, {}, rounds)
    results["sizes"] = _page_sizes(inputs)
    results["serve"] = _serve_all({"handbook": inputs["handbook-languages"], "scale": inputs["scale"]},
                                  edits)
    return results


# ---------------------------------------------------------------- inputs and tools

def _tools() -> dict:
    """Return the peers' versions, installing them when possible; stop when one is missing.

    A comparison that silently drops a peer reports a ratio nobody measured.
    """
    if not MKDOCS.exists():
        subprocess.run([PYTHON, "-m", "venv", str(OUT / "venv")], check=True)
        subprocess.run([str(OUT / "venv/bin/pip"), "install", "-q", "mkdocs==1.6.1"], check=False)
    if not shutil.which("hugo") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's hugo with apt-get ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    _our_venv()
    missing = [name for name, found in (("MkDocs 1.6 (pip install mkdocs==1.6.1 into "
                                         "bench/out/venv)", MKDOCS.exists()),
                                        ("Hugo (apt-get install hugo)", shutil.which("hugo")))
               if not found]
    if missing:
        sys.exit("bench/run.py: cannot compare without " + " and ".join(missing))
    return {"mkdocs": _version([str(MKDOCS), "--version"]), "hugo": _version(["hugo", "version"])}


def _our_venv() -> None:
    """Make bench/out/venv-ours: our libraries, as MkDocs' are in bench/out/venv.

    Both tools then start from equivalent virtual environments: the same interpreter, libraries
    installed (and their bytecode compiled) by pip, nothing else on the path. The interpreter
    that runs this script may carry more: an editable install's import hook, or a .pth file of
    its machine's site-packages that imports modules at every start (one here cost 50 ms).
    Our libraries are pinned to the versions this interpreter has (the latest of any it lacks);
    the tables name the versions installed.
    """
    pins = [f"{name}=={_installed(name)}" if _installed(name) else name for name in LIBRARIES]
    marker = OUT / "venv-ours" / "pins.txt"
    if OURS.exists() and marker.exists() and marker.read_text() == "\n".join(pins):
        return
    shutil.rmtree(OUT / "venv-ours", ignore_errors=True)
    subprocess.run([PYTHON, "-m", "venv", str(OUT / "venv-ours")], check=True)
    installed = subprocess.run([str(OUT / "venv-ours/bin/pip"), "install", "-q", *pins])
    if installed.returncode != 0:
        sys.exit("bench/run.py: could not install our libraries into bench/out/venv-ours")
    marker.write_text("\n".join(pins))


def _installed(name: str) -> str | None:
    import importlib.metadata
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _version(command: list) -> str:
    return subprocess.run(command, capture_output=True, text=True).stdout.strip().split("\n")[0]


def _commit() -> str:
    """The short commit the measurement ran at."""
    return _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "?"


def _machine(tools: dict) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    versions = _version([str(OURS), "-c", "import platform, jinja2, markdown_it; print("
                         "platform.python_version(), jinja2.__version__, markdown_it.__version__)"])
    python, jinja, markdown = (versions.split() + ["?"] * 3)[:3]
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": python,
            "platform": platform.platform(), "jinja2": jinja,
            "markdown-it-py": markdown, "load": os.getloadavg()[0], **tools}


def _sizes(text: str) -> set:
    """The --sizes list: 30 and 1000 (which the targets need), and 10000 when asked for."""
    try:
        sizes = {int(size) for size in text.split(",")}
    except ValueError:
        sizes = set()
    if not {30, 1000} <= sizes <= {30, 1000, 10000}:
        raise argparse.ArgumentTypeError(f"{text!r}: the sizes are 30,1000 or 30,1000,10000")
    return sizes


def _prepare(sizes: set = frozenset({30, 1000})) -> dict:
    # The handbook in its own language against MkDocs' one language, the other languages apart.
    handbook = _handbook_copy(translations=False)
    inputs = {"handbook": handbook, "handbook-languages": _handbook_copy(),
              "scale": synth.scale_project(OUT / "scale"),
              "big-section": synth.big_section_project(OUT / "big-section"),
              "framework": synth.framework_project(OUT / "framework")}
    inputs["handbook-md"] = synth.markdown_mirror(handbook / "content", OUT / "handbook-md")
    inputs["scale-md"] = synth.markdown_mirror(inputs["scale"] / "content", OUT / "scale-md")
    if 10000 in sizes:
        inputs["scale10k"] = synth.scale_project(OUT / "scale10k", size="scale10k")
        inputs["scale10k-md"] = synth.markdown_mirror(inputs["scale10k"] / "content", OUT / "scale10k-md")
    return inputs


# ---------------------------------------------------------------- cold builds

def _run(command: list, cwd: Path | None = None, sample: bool = False) -> tuple[float, int, int]:
    """Run a command; return its wall time, the peak resident memory (KiB) of its largest
    process, and with sample the peak of its whole process tree's summed PSS (KiB), else 0.

    Sampling reads every process's smaps_rollup 50 times a second from this machine's two
    cores, which slowed a 1,000-page build by about a tenth: a timed run does not sample.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=_child_env())
    tree = _TreeMemory(process.pid)
    if sample:
        tree.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if sample:
        tree.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return seconds, usage.ru_maxrss, tree.peak_kib


class _TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 20 ms; keeps the peak.

    ru_maxrss is the largest single process: work moved into forked workers would lower it
    without lowering what the build needs. PSS shares the pages a fork still shares between
    the processes that map them, so the sum counts each page once.
    """

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, _tree_pss(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_pss(pid: int) -> int:
    """The summed PSS (KiB) of a process and its descendants, from /proc; 0 once it is gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo += [int(child) for child in children.read().split()]
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue
    return total


def _child_env() -> dict:
    """Return the environment for the timed tools: Python may cache compiled modules.

    A user's Python writes __pycache__ for our modules as pip did for MkDocs' at install; an
    environment with PYTHONDONTWRITEBYTECODE=1 would recompile ours (~0.1 s) on every run.
    The cache goes to bench/out/pycache, not into the source tree.
    """
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _commands(project: Path, mirror: Path | None, tools: dict) -> dict:
    site = OUT / f"{project.name}-site"
    commands = {"ours": ([str(OURS), str(REPO / "build.py"), "--project", str(project),
                          "--out", str(site)], None, site)}
    if mirror is not None and "mkdocs" in tools:
        commands["mkdocs"] = ([str(MKDOCS), "build", "-q", "-f", "mkdocs.yml", "-d",
                               str(OUT / f"{project.name}-mkdocs")], mirror,
                              OUT / f"{project.name}-mkdocs")
    # The floor (bench/floor.py): our libraries with nothing of ours, on both cores.
    commands["floor"] = ([str(OURS), str(HERE / "floor.py"), str(project), str(OUT / f"{project.name}-floor")],
                         None, OUT / f"{project.name}-floor")
    if mirror is not None and "hugo" in tools:
        commands["hugo"] = (["hugo", "--quiet", "-s", str(mirror / "hugo"), "-d",
                             str(OUT / f"{project.name}-hugo")], None,
                            OUT / f"{project.name}-hugo")
    return commands


def _compare(project: Path, mirror: Path | None, tools: dict, rounds: int,
             mkdocs_rounds: int | None = None) -> dict:
    """Build cold with each tool in turn, round after round; return times, memory and size."""
    commands = _commands(project, mirror, tools)
    runs: dict = {name: [] for name in commands}
    memory = {}  # one untimed run of each tool, sampled (see _run); it also warms the disk cache
    for name, (command, cwd, site) in commands.items():
        shutil.rmtree(site, ignore_errors=True)
        memory[name] = _run(command, cwd, sample=True)
    for number in range(rounds):
        for name, (command, cwd, _) in commands.items():
            if name == "mkdocs" and mkdocs_rounds is not None and number >= mkdocs_rounds:
                continue
            shutil.rmtree(commands[name][2], ignore_errors=True)
            runs[name].append(_run(command, cwd))
            print(f"  {project.name} {name}: {runs[name][-1][0]:.2f} s", flush=True)
    summary = {}
    for name, (_, _, site) in commands.items():
        times = [seconds for seconds, *_ in runs[name]]
        files = [p for p in site.rglob("*") if p.is_file()]
        summary[name] = {"times": times, "median": statistics.median(times),
                         "peak_mib": max(kib for _, kib, _ in runs[name] + [memory[name]]) / 1024,
                         "tree_mib": memory[name][2] / 1024,
                         "files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    for other in ("mkdocs", "hugo", "floor"):
        if other in runs and len(runs[other]) == len(runs["ours"]):
            ratios = [ours[0] / theirs[0] for ours, theirs in zip(runs["ours"], runs[other])]
            summary[f"ratio_{other}"] = {"ratios": ratios, "median": statistics.median(ratios),
                                         "min": min(ratios), "max": max(ratios)}
        elif other in runs and runs[other]:
            summary[f"ratio_{other}"] = {"ratios": [], "median": summary["ours"]["median"]
                                         / summary[other]["median"], "min": None, "max": None}
    return summary


def _page_sizes(inputs: dict) -> dict:
    """Measure what a page weighs at each size, to see whether the navigation grows with it."""
    big = inputs["big-section"]
    _run([str(OURS), str(REPO / "build.py"), "--project", str(big), "--out", str(OUT / "big-site")])
    sizes = {}
    for label, path in [("handbook guidance page (functions/agreement.html)",
                         OUT / "handbook-site/functions/agreement.html"),
                        ("200x6 guidance page (functions/function-001.html)",
                         OUT / "framework-site/functions/function-001.html"),
                        ("1,000 pages, 50 per section (001-strategy/page-00001.html)",
                         OUT / "scale-site/001-strategy/page-00001.html"),
                        ("1,000 pages in one section (all/page-00001.html)",
                         OUT / "big-site/all/page-00001.html"),
                        ("1,000 pages: print.html (the list of its parts)", OUT / "scale-site/print.html"),
                        ("1,000 pages: the largest part of the print page",
                         max(OUT.joinpath("scale-site").glob("print-*.html"), key=lambda p: p.stat().st_size))]:
        data = path.read_bytes()
        nav = re.search(rb'<nav class="site-nav".*?</nav>', data, re.S)
        sizes[label] = {"bytes": len(data), "nav_bytes": len(nav.group(0)) if nav else 0}
    return sizes


# ---------------------------------------------------------------- serve latency

# What the dev server's user waits for: from saving a file to the open page, reloaded by itself
# in Chromium, holding the new text. Each new document notes when its DOM was complete.
SHOWN_AT = ("document.addEventListener('DOMContentLoaded', () => {"
            " window.benchShownAt = performance.timeOrigin + performance.now(); });")
NAVIGATION = "() => [performance.getEntriesByType('navigation')[0].type, performance.timeOrigin]"


def _chromium():
    """Start Debian's Chromium through Playwright, or stop the benchmark saying what is missing."""
    sys.path.insert(0, str(REPO))
    from tests.support.tools import chrome_path
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise SystemExit("bench: the serve measurement needs Playwright for Python: "
                         ".venv/bin/pip install -e '.[test]'") from None
    if not Path(chrome_path()).is_file():
        raise SystemExit(f"bench: the serve measurement needs Chromium, not found at "
                         f"{chrome_path()}: apt-get install chromium, or set CHROME_PATH")
    from tests.support.browser import launch_chromium
    return launch_chromium()


class DiskWatch:
    """Note when a file's bytes first differ from what they were (in a thread of its own)."""

    def __init__(self, path: Path):
        self.path, self.before, self.changed = path, path.read_bytes(), None
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def start(self, started: float) -> None:
        self.started = started
        self.thread.start()

    def _poll(self) -> None:
        while time.time() - self.started < 120:
            if self.path.read_bytes() != self.before:
                self.changed = time.time() - self.started
                return
            time.sleep(0.002)

    def seconds(self) -> float | None:
        self.thread.join(120)
        return self.changed


def _serve_latency(source: Path, edits: int, chromium) -> dict:
    """Serve a copy of a project; time each save until the open page shows it."""
    project = OUT / f"serve-{source.name}"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(source, project)
    overrides = project / "content/overrides/templates"
    overrides.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "theme/templates/footer.html", overrides / "footer.html")
    log = (OUT / f"serve-{source.name}.log").open("w")
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen([str(OURS), str(REPO / "build.py"), "serve", "--port", str(port),
                               "--project", str(project)], stdout=log, stderr=subprocess.STDOUT,
                              env=dict(_child_env(), PYTHONUNBUFFERED="1"))
    context = None
    try:
        site, url = _wait_for_site(OUT / f"serve-{source.name}.log")
        results = {"startup": time.perf_counter() - started}
        context = chromium.new_context()
        context.add_init_script(SHOWN_AT)
        page = context.new_page()
        for kind, (path, output, change) in _serve_edits(project, site).items():
            page.goto(url + output.relative_to(site).as_posix())
            page.wait_for_selector("html[data-dev-build]", state="attached", timeout=60_000)
            results[kind] = [_one_edit(page, path, output, change, n) for n in range(edits)]
            print(f"  serve {source.name} {kind}: {results[kind]}", flush=True)
        return results
    finally:
        if context is not None:
            context.close()
        server.terminate()  # SIGTERM: the server removes its temporary folder
        server.wait(30)
        log.close()


def _serve_edits(project: Path, site: Path) -> dict:
    """Return {kind: (file to edit, page that shows the edit, edit(n, text) -> (text, shown))}."""
    languages = _translations(project)
    page = next(p for p in sorted(project.glob("content/*/*.md"))
                if p.name != "index.md" and "functions" not in p.parts and "levels" not in p.parts
                and p.parent.name not in languages)
    function = sorted(project.glob("framework/functions/*.yaml"))[0]

    def content(n, text):
        return text + f"\nBench content edit {n}.\n", f"Bench content edit {n}."

    def descriptor(n, text):
        return re.sub(r"(?m)^(  [a-z0-9-]+: ).*$", rf'\g<1>"Bench descriptor {n}"', text,
                      count=1), f"Bench descriptor {n}"

    def template(n, text):
        return text + f"<p>Bench template edit {n}</p>\n", f"Bench template edit {n}"

    relative = page.relative_to(project / "content")
    edits = {"content": (page, site / relative.with_suffix(".html"), content)}
    for language in languages:  # the same page's translation, as fast to rebuild (issue 15)
        translated = project / "content" / language / relative
        if translated.is_file():
            edits[f"content ({language})"] = (translated, site / language / relative.with_suffix(".html"), content)
    return {**edits, "framework YAML": (function, site / "matrix.html", descriptor),
            "template": (project / "content/overrides/templates/footer.html",
                         site / "index.html", template)}


def _translations(project: Path) -> list:
    """Return the tags of a project's other languages, from its content/site.yaml."""
    import yaml
    settings = project / "content" / "site.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8")) if settings.is_file() else {}
    return [entry["language"] for entry in (data or {}).get("translations", []) if isinstance(entry, dict)]


def _one_edit(page, path: Path, output: Path, change, number: int) -> dict:
    """Save one edit; return seconds until the page's file changed and until the page showed it."""
    from playwright.sync_api import expect

    time.sleep(SPACING)  # let the previous edit's rebuilds settle
    text, shown = change(number, path.read_text(encoding="utf-8"))
    disk = DiskWatch(output)
    written = time.time()
    disk.start(written)
    path.write_text(text, encoding="utf-8")
    expect(page.locator("body")).to_contain_text(shown, timeout=120_000)
    navigation, origin = page.evaluate(NAVIGATION)
    if navigation != "reload" or origin / 1000 < written:
        raise RuntimeError(f"the page showed {shown!r} without reloading after the save")
    return {"disk": disk.seconds(),
            "shown": page.evaluate("window.benchShownAt") / 1000 - written}


def _serve_all(inputs: dict, edits: int) -> dict:
    """Measure the dev server on the handbook and on 1,000 pages, in one Chromium."""
    chromium = _chromium()
    try:
        return {name: _serve_latency(inputs[name], edits, chromium)
                for name in ("handbook", "scale")}
    finally:
        chromium.close()


def _serve_only(edits: int, quick: bool) -> int:
    """Measure only serve; rewrite the serve rows of RESULTS.md, keep the rest as it is."""
    chromium = _chromium()  # before preparing inputs: a missing browser stops the run at once
    chromium.close()
    _our_venv()
    inputs = {"handbook": _handbook_copy(), "scale": synth.scale_project(OUT / "scale")}
    start = os.getloadavg()[0]
    results = {"serve": _serve_all(inputs, edits), "load_start": start,
               "load": os.getloadavg()[0], "quick": quick, "commit": _commit()}
    (OUT / "results-serve.json").write_text(json.dumps(results, indent=1))
    path = HERE / "RESULTS.md"
    path.write_text(_patch_serve(path.read_text(encoding="utf-8"), results), encoding="utf-8")
    print(f"Wrote the serve rows of {path}", flush=True)
    return 0


def _patch_serve(text: str, results: dict) -> str:
    """Replace the serve section and the serve targets of an existing RESULTS.md."""
    head, rest = text.split("## serve", 1)
    tail = rest[rest.index("\n## ") + 1:]
    cpus = os.cpu_count() or 1
    busy = max(results.get("load_start", 0), results["load"]) > cpus / 2
    note = (f"Measured alone with `bench/run.py --only serve{' --quick' if results['quick'] else ''}`"
            f" at commit {results.get('commit', '?')}, load average "
            f"{results.get('load_start', 0):.2f} at the start and {results['load']:.2f} at the end "
            f"on {cpus} CPUs" + (" (the machine was shared with other work)." if busy else
                                 " (a quiet machine)."))
    lines = (head + "\n".join(_serve_section(results["serve"]) + [note, ""]) + "\n" + tail
             ).split("\n")
    lines = [line for line in lines if not SERVE_TARGET.match(line)]
    targets = next(i for i, line in enumerate(lines) if line.startswith("## Targets"))
    last = max(i for i in range(targets, len(lines)) if lines[i].startswith("|")
               and all(lines[k].startswith("|") for k in range(targets + 2, i + 1)))
    rows = [_target_line(row) for row in _serve_targets(results["serve"])]
    return "\n".join(lines[:last + 1] + rows + lines[last + 1:])


SERVE_TARGET = re.compile(r"\| (handbook|scale): (content|framework YAML) edit")


def _wait_for_site(log: Path) -> tuple[Path, str]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        match = re.search(r"Serving (.+) on (http://\S+) ", log.read_text())
        if match:
            return Path(match.group(1)), match.group(2)
        time.sleep(0.05)
    raise RuntimeError(f"the server did not start; see {log}")


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- against an earlier commit

def _against(commit: str, pairs: int, at: str | None = None) -> int:
    """Time this generator (or AT's) and COMMIT's on the same inputs, pair by pair; patch RESULTS.md."""
    baseline = _worktree(commit, "baseline")
    ours = _worktree(at, "ours") if at else REPO
    try:
        inputs = {"handbook": _handbook_copy(translations=False, tree=baseline),
                  "scale": synth.scale_project(OUT / "scale")}
        start = os.getloadavg()[0]
        results = {name: _paired(project, ours, baseline, pairs) for name, project in inputs.items()}
        results.update(commit=commit, head=at or _commit(), at=bool(at), load_start=start,
                       load=os.getloadavg()[0])
    finally:
        for tree in {baseline, ours} - {REPO}:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                           capture_output=True)
    name = f"results-against-{commit}" + (f"-at-{at}" if at else "")
    (OUT / f"{name}.json").write_text(json.dumps(results, indent=1))
    path = HERE / "RESULTS.md"
    path.write_text(_patch_against(path.read_text(encoding="utf-8"), results), encoding="utf-8")
    print(f"Wrote the section against {commit} of {path}", flush=True)
    return 0


def _worktree(commit: str, name: str) -> Path:
    """A clean checkout of COMMIT in bench/out/NAME."""
    tree = OUT / name
    OUT.mkdir(exist_ok=True)
    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                   capture_output=True)
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), commit],
                   check=True, capture_output=True)
    return tree


def _handbook_copy(translations: bool = True, tree: Path = REPO) -> Path:
    """The real handbook's content and framework (TREE's), copied into bench/out/handbook.

    Without its translations (bench/out/handbook-en): the default language only, as MkDocs
    builds its one language. From an earlier commit's TREE (bench/out/handbook-TREE): the
    handbook as that commit's generator builds it, which later content may not suit (the
    explicit heading ids of the translations are errors to a generator from before them).
    """
    handbook = OUT / ("handbook" if translations else "handbook-en")
    if tree != REPO:
        handbook = OUT / f"handbook-{tree.name}"
    if handbook.exists():
        shutil.rmtree(handbook)
    for name in ("content", "framework"):
        shutil.copytree(tree / name, handbook / name)
    if not translations:
        _drop_translations(handbook)
    return handbook


def _drop_translations(handbook: Path) -> None:
    """Remove the `translations:` list of site.yaml, its language folders and framework texts."""
    site = handbook / "content" / "site.yaml"
    lines, kept, inside = site.read_text(encoding="utf-8").splitlines(), [], False
    for line in lines:
        if line.startswith("translations:"):
            inside = True
            continue
        if inside and (line.startswith((" ", "-")) or not line.strip()):
            match = re.match(r"\s*-\s*language:\s*(\S+)", line)
            if match:
                shutil.rmtree(handbook / "content" / match.group(1), ignore_errors=True)
            continue
        inside = False
        kept.append(line)
    site.write_text("\n".join(kept) + "\n", encoding="utf-8")
    shutil.rmtree(handbook / "framework" / "translations", ignore_errors=True)


def _paired(project: Path, ours: Path, baseline: Path, pairs: int) -> dict:
    """Cold builds by both generators, alternating which goes first; the ratio of each pair."""
    site = OUT / f"{project.name}-site"
    builds = {"ours": [PYTHON, str(ours / "build.py")], "baseline": [PYTHON, str(baseline / "build.py")]}
    times: dict = {"ours": [], "baseline": []}
    for number in range(pairs):
        for name in (("ours", "baseline") if number % 2 == 0 else ("baseline", "ours")):
            shutil.rmtree(site, ignore_errors=True)
            times[name].append(_run(builds[name] + ["--project", str(project), "--out", str(site)])[0])
        print(f"  {project.name}: ours {times['ours'][-1]:.2f} s, baseline "
              f"{times['baseline'][-1]:.2f} s", flush=True)
    ratios = [ours / base for ours, base in zip(times["ours"], times["baseline"])]
    return {"times": times, "ratios": ratios, "median": statistics.median(ratios),
            "ours": statistics.median(times["ours"]), "baseline": statistics.median(times["baseline"])}


AGAINST_LIMIT = 1.05


def _patch_against(text: str, results: dict) -> str:
    """Put the section against the earlier commit before the targets, replacing an older one."""
    heading = _against_heading(results)
    if f"\n{heading}\n" in text:
        head, rest = text.split(f"\n{heading}\n", 1)
        text = head + "\n" + rest[rest.index("\n## ") + 1:]
    head, tail = text.split("\n## Targets", 1)
    return head + "\n" + "\n".join(_against_section(results)) + "\n## Targets" + tail


def _against_heading(results: dict) -> str:
    """The section's heading: one for the working tree, one per earlier commit timed with --at."""
    if results.get("at"):
        return f"## Commit {results['head']} against commit {results['commit']}"
    return f"## Against commit {results['commit']}"


def _against_section(results: dict) -> list:
    lines = [_against_heading(results), "",
             f"Cold builds by the generator of commit {results['head']} and by commit "
             f"{results['commit']}'s, on the same inputs (the real handbook as of commit "
             f"{results['commit']}, which that generator can build), in alternating pairs "
             f"(`bench/run.py --against {results['commit']}"
             + (f" --at {results['head']}" if results.get("at") else "") + "`); load average "
             f"{results['load_start']:.2f} at the start and {results['load']:.2f} at the end.", "",
             "| site | pairs | ours (median) | earlier (median) | ratio per pair: median (min-max) | target |",
             "|---|---:|---:|---:|---:|---|"]
    for name, label in (("handbook", "real handbook"), ("scale", "1,000 pages")):
        r = results[name]
        verdict = "met" if r["median"] <= AGAINST_LIMIT else "**not met**"
        lines.append(f"| {label} | {len(r['ratios'])} | {r['ours']:.2f} s | {r['baseline']:.2f} s | "
                     f"{r['median']:.3f} ({min(r['ratios']):.3f}-{max(r['ratios']):.3f}) | "
                     f"<= {AGAINST_LIMIT} {verdict} |")
    return lines + [""]


# ---------------------------------------------------------------- report

def _sections(text: str) -> dict:
    """The `## ` sections of a report by heading, each with its text."""
    parts = text.split("\n## ")
    return {part.split("\n", 1)[0]: "## " + part for part in parts[1:]}


def _carry_sections(earlier: str, report: str) -> str:
    """Keep the sections other commands wrote (the search box's, --against's) before the targets.

    A full run measures only what it reports; a section it does not write stays as it was.
    """
    mine = _sections(report)
    kept = [text.rstrip("\n") + "\n" for heading, text in _sections(earlier).items()
            if heading not in mine and not heading.startswith("Why")]
    if not kept:
        return report
    head, tail = report.split("\n## Targets", 1)
    return head.rstrip("\n") + "\n\n" + "\n".join(kept) + "\n## Targets" + tail

def _report(results: dict) -> str:
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Written by `python bench/run.py{' --quick' if results['quick'] else ''}` "
             "(see bench/README.md). Medians; ratios are taken within one run, pair by pair.", "",
             "## Machine", "",
             f"- {m['nproc']} CPUs: {m['cpu']}; {m['platform']}; load average at start "
             f"{m['load']:.2f}",
             f"- Python {m['python']}, Jinja2 {m['jinja2']}, markdown-it-py {m['markdown-it-py']}"
             " (ours and the floor run from bench/out/venv-ours, MkDocs from bench/out/venv)",
             f"- {m.get('mkdocs', 'MkDocs: not available')}",
             f"- {m.get('hugo', 'Hugo: not available')}", ""]
    lines += _build_table("Real handbook, cold build", results["handbook"],
                          "In its own language (English), with its search index, as MkDocs builds one.")
    if "handbook-languages" in results:
        lines += _build_table("Real handbook in every language, cold build",
                              results["handbook-languages"],
                              "English and its translations (content/site.yaml's `translations:`).")
    lines += _build_table("1,000 synthetic pages, cold build", results["scale"])
    if "scale10k" in results:
        lines += _build_table("10,000 synthetic pages, cold build", results["scale10k"],
                              "MkDocs is left out at this size (over ten minutes a build).")
    lines += _build_table("Framework of 200 functions x 6 levels, cold build",
                          results["framework"])
    lines += ["## Page sizes", "", "| page | bytes | of which site navigation |",
              "|---|---:|---:|"]
    for label, size in results["sizes"].items():
        lines.append(f"| {label} | {size['bytes']:,} | {size['nav_bytes']:,} |")
    lines += [""] + _serve_section(results["serve"])
    lines += _targets(results)
    return "\n".join(lines) + "\n" + NOTES


NOTES = """
## Why, and what was changed (notes kept in bench/run.py)

**Serve** watches with `watchfiles` (inotify; a burst of events ends after 20 ms of quiet) and
keeps one `pipeline.Cache` for the whole process: a caching Markdown parser, the documents of
files whose bytes did not change (a file is read again only when its stat stamp changed or is
under 2 s old, as git treats "racily clean" files), each document's link verdicts (kept while
the site plan - pages, titles, anchors, assets - is equal), the Jinja environment, and rendered
pages, Markdown fragments and print-page articles. A page or article is reused only when the
build's signature (templates, site plan, anchors, model, settings, strings, assets) is unchanged
and every document it read is the same token object as last time; one whose template looks at
`content` other than through `ctx.doc()` or `content.guidance[...]` is always rendered again.
A good rebuild writes only the files whose bytes changed, each atomically; a failed one writes
only `__handbook__/status.json`. The watcher thread then hands the status to the server's event
loop, which sends it at once over every open page's WebSocket; the page's own script
(`handbook/dev/dev.js`, allowed by the dev CSP) reloads on a good build and shows the problems
otherwise. livereload serves the files and answers the socket's handshake; its polling watcher,
its 3 s reload throttle and its inline script (which the pages' CSP blocks) are not used. The cycle
collector is paused during builds, and what the first build cached is frozen out of its sight
(it used to rescan it mid-rebuild: 0.3 s pauses at 1,000 pages). tests/test_serve.py compares
the served folder with a clean build byte for byte after content, framework and template edits,
and cached in-process builds with clean ones (problems and bytes) after edits that move anchors,
titles and pages.

At 1,000 pages a content edit now costs about 0.15 s of building (reading stamps, planning,
re-rendering the edited page and joining print.html from kept articles), plus ~25 ms for the
watcher to see the end of the burst and ~20 ms to write. Measured against the previous commit
at the same moment on a quiet machine: edit -> disk 0.48 s -> 0.19 s, edit -> reload message
0.54 s -> 0.21 s. The margin under 0.25 s is small: under load (another process on one of the two cores)
the same edit took 0.25-0.3 s. An edit of the framework's contents (a summary, a descriptor)
renders again only the pages of the kinds that show them (`Kind.shows_framework`: the home page,
the functions', levels', matrix, print, assessment and compare pages), not the guidance pages:
at 1,000 pages 1.8 s -> ~0.4-0.5 s. Other framework edits (a name, an id) and template edits
change the signature and render every page again (3-5 s at 1,000 pages).

**Cold builds.** Above 8 Markdown files a forked child begins parsing as soon as the
configuration and the framework are read (`content.Loading`): it takes the files from one queue,
four at a time, while the first process imports Jinja2 and the rendering modules and reads the
strings and the glossary, and then takes the rest of the queue with it; each process splits the
function files it parsed into their levels' sections, so that the child sends back documents
without parser tokens. Above 8 pages two processes render: the one that renders print.html
starts with it, then both take the other pages from one queue (`parallel.taking_in_two`), and
each writes its pages into the output's staging folder as it makes them (`output.Staging`),
reading each for the search index there; the child sends back only the index's parts, their
terms interned so that pickle sends each term once. The written tree is a one-process build's,
byte for byte (tests/test_build.py, tests/test_parallel_loading.py). The timed runs are not
sampled for memory: reading every process's smaps_rollup 50 times a second slowed a 1,000-page
build by about a tenth, so one extra, untimed run of each tool gives the memory columns.

At 1,000 pages the remaining time is, in order: markdown-it-py parsing the 1,000 files (on both
cores, about as long as the floor's whole build), rendering each page with its navigation (the
navigation template is about two fifths of a page's rendering: some 36 links, each a call of
`ctx.url` that Jinja makes costly) and each article again for print.html, reading every
rendered page for the search index (about a third of the rendering), and, in one process, the
links' check (~60 ms), the child's index parts arriving (~65 ms) and the index's term lists
(0.13-0.2 s). In one process the build takes about 1.6 times the floor's CPU time; two
processes add a tenth to it (copied memory pages, pickling) and leave the parts above serial.
Writing is system time, apart from the figures above: for the 1,000 pages' 38 MiB (pages of
22 KiB with their navigation, 13.5 MiB of print parts, the index; the floor writes 12 MiB) the
build's two processes spent 1.2-1.8 s of system time in all (0.3 s with the writes left out),
the floor 0.3-0.9 s. Creating a file on this machine's disk took from 16 us to 0.7 ms,
depending on what the file system was still writing back (the same script, minutes apart).
Since the run above, naming each file read no longer resolves its every folder again
(`sources.Project.show`, a twentieth of parsing), Markdown's link and heading tags are
written without copying their tokens and slots filled without a callback each (a quarter of
rendering a page's Markdown), and a page's own links go straight to `Urls.link`.
The floor renders a page into a one-line template and has no navigation, print page, search
index or checks, so 1.6x the floor is not within reach of these libraries without dropping one
of them.
Memory at 1,000 pages: the documents (each one's HTML rendered once, headings and links, ~35
MiB), print.html's articles while it renders, and the index's lists; the pages themselves are
no longer held, nor every document's plain text beside its HTML (only a level's description,
signs and actions keep theirs, for the framework's data): 148 -> 132 MiB summed, median of 5
alternating runs against the previous commit.

**This run's machine.** Its speed varied about twofold within minutes around this run (just
after it, three consecutive one-process builds of the 1,000 pages took 11.5, 6.9 and 8.0 s, and
the floor's 5.9, 5.6 and 4.3 s; half an hour before, the two-process build took 3.5 s three
times in a row, 5-6.6 s two minutes later), and our two-process build suffers more from it than
the floor's: the ratios to MkDocs and the floor are worse than the previous run's (0.65x,
1.71x), though nothing in the cold build's path became slower (5 alternating pairs against the
commit before the plain-text change, just before this run: 5.56 s against 5.71 s).

**Handbook cold build.** Of our ~0.3 s on this machine: the interpreter starting, ~30 ms
(`python -c pass` in the project's virtual environment, whose editable install adds a finder);
imports before the parsing begins, ~100 ms (markdown-it-py, PyYAML, dataclasses and our loading
modules; creating our 40 frozen dataclasses alone is ~30 ms of the imports, compiling regular
expressions ~24 ms); then ~80 ms in which the second process parses while the first imports the
renderer (~40 ms) and reads the strings and the glossary; rendering 30 pages and print.html in
two processes, ~50 ms; the search index, ~13 ms; the theme's assets and writing, ~12 ms. The
command ends without freeing its objects one by one (25 ms). MkDocs takes ~0.45 s, so 0.6x is
~0.27 s, about 30 ms under ours, and 0.5x ~75 ms: more than everything after the parsing, with
the rest spread over the imports (which both processes need) and the parsing.
The timed runs let Python cache compiled modules (the environment here
sets PYTHONDONTWRITEBYTECODE, which made every run recompile our modules, ~0.1 s; MkDocs'
modules were compiled by pip), and Jinja's `FileSystemBytecodeCache` skips template
compilation after the first build.

**Navigation size.** A guidance page's navigation lists the top-level pages and a window of at
most 40 pages of its own section, so it does not grow with the site (a content page in a
1,000-page section carries 4 KiB of nav).
"""


def _spread(values: list) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "timed out"
    return f"{statistics.median(known):.3f} s, {max(known):.3f} s" + (
        f" ({len(values) - len(known)} timed out)" if len(known) < len(values) else "")


def _serve_section(serve: dict) -> list:
    """Return the lines of the serve table: save -> file on disk -> page shown in Chromium."""
    edits = len(serve["handbook"]["content"])
    lines = ["## serve: save -> page on disk -> the open page shows it (Chromium)", "",
             f"{edits} saves of each kind; the open page reloads by itself, and the time is taken "
             "when its new document's DOM (holding the new text) is complete.", "",
             "| site | edit | on disk (median, max) | page shows it (median, max) |",
             "|---|---|---:|---:|"]
    for site, runs_of in serve.items():
        for kind, runs in runs_of.items():
            if kind != "startup":
                lines.append(f"| {site} | {kind} | {_spread([r['disk'] for r in runs])} | "
                             f"{_spread([r['shown'] for r in runs])} |")
    return lines + ["", "Server start-up (first full build, then serving): " + ", ".join(
        f"{site} {runs_of['startup']:.2f} s" for site, runs_of in serve.items()), ""]


def _serve_targets(serve: dict) -> list:
    """Return the serve targets as (target, measured, met) rows."""
    rows = []
    for site, runs_of in serve.items():
        for what, label, limit in (("disk", "disk", 0.25), ("shown", "page shows it", 0.4)):
            known = [r[what] for r in runs_of["content"] if r[what] is not None]
            value = statistics.median(known) if known else float("inf")
            rows.append((f"{site}: content edit -> {label} < {limit} s", f"{value:.3f} s",
                         value < limit))
    # A function's descriptor edited in its YAML file: the pages that show the framework's contents.
    for site, runs_of in serve.items():
        known = [r["shown"] for r in runs_of.get("framework YAML", []) if r["shown"] is not None]
        if site != "handbook" and known:
            value = statistics.median(known)
            rows.append((f"{site}: framework YAML edit -> page shows it < 1 s", f"{value:.3f} s",
                         value < 1))
    return rows


def _large_targets(results: dict) -> list:
    """The 10,000-page targets, when the run built 10,000 pages."""
    large = results.get("scale10k")
    if not large:
        return []
    growth = large["ours"]["median"] / results["scale"]["ours"]["median"]
    memory = large["ours"].get("tree_mib", large["ours"]["peak_mib"])
    rows = [("10,000 pages <= 11x the 1,000-page time", f"{growth:.1f}x", growth <= 11),
            ("10,000 pages: memory < 1 GiB (summed)", f"{memory:.0f} MiB", memory < 1024)]
    if "ratio_hugo" in large:
        rows.append(("10,000 pages vs Hugo (report only)", f"{large['ratio_hugo']['median']:.2f}x", None))
    return rows


def _target_line(row: tuple) -> str:
    target, measured, met = row
    verdict = "report only" if met is None else ("met" if met else "**missed**")
    return f"| {target} | {measured} | {verdict} |"


def _build_table(title: str, summary: dict, what: str = "") -> list:
    lines = [f"## {title}", "", *([what, ""] if what else []), "| tool | runs | median | peak memory (largest process) | "
             "peak memory (summed PSS of every process) | files | output |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ("ours", "mkdocs", "hugo", "floor"):
        if name in summary:
            s = summary[name]
            tree = f"{s['tree_mib']:.0f} MiB" if "tree_mib" in s else "-"
            lines.append(f"| {name} | {len(s['times'])} | {s['median']:.2f} s | "
                         f"{s['peak_mib']:.0f} MiB | {tree} | {s['files']:,} | {s['bytes'] / 2**20:.1f} MiB |")
    for other in ("mkdocs", "hugo", "floor"):
        ratio = summary.get(f"ratio_{other}")
        if ratio and ratio["ratios"]:
            lines.append(f"\nours / {other}, per pair: median {ratio['median']:.2f} "
                         f"(spread {ratio['min']:.2f}-{ratio['max']:.2f}; "
                         f"{', '.join(f'{r:.2f}' for r in ratio['ratios'])})")
        elif ratio:
            lines.append(f"\nours / {other}: {ratio['median']:.2f} (ratio of medians)")
    return lines + [""]


def _targets(results: dict) -> list:
    rows = []
    handbook, scale = results["handbook"], results["scale"]
    if "ratio_mkdocs" in handbook:
        value = handbook["ratio_mkdocs"]["median"]
        rows.append(("handbook cold build <= 0.5x MkDocs", f"{value:.2f}x", value <= 0.5))
    if "ratio_hugo" in handbook:
        rows.append(("handbook cold build vs Hugo (report only)",
                     f"{handbook['ratio_hugo']['median']:.2f}x", None))
    if "ratio_hugo" in scale:
        value = scale["ratio_hugo"]["median"]
        rows.append(("1,000 pages no slower than Hugo", f"{value:.2f}x", value <= 1.0))
    if "ratio_floor" in scale:
        value = scale["ratio_floor"]["median"]
        rows.append(("1,000 pages <= 1.3x the floor (bench/floor.py, two processes)",
                     f"{value:.2f}x", value <= 1.3))
    peak = scale["ours"].get("tree_mib", scale["ours"]["peak_mib"])
    rows.append(("1,000 pages peak memory < 150 MiB (summed over the build's processes)",
                 f"{peak:.0f} MiB", peak < 150))
    rows += _large_targets(results)
    rows += _serve_targets(results["serve"])
    lines = ["## Targets", "", "| target | measured | verdict |",
             "|---|---:|---|"]
    return lines + [_target_line(row) for row in rows] + [""]


if __name__ == "__main__":
    sys.exit(main())

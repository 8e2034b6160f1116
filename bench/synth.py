"""Generate the benchmark's inputs: projects in our format and Markdown mirrors for MkDocs/Hugo."""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_content  # noqa: E402  (the shared reference content generator, copied here)

TINY_FRAMEWORK = """\
id: bench
title: Benchmark framework
version: "1.0"
description: A framework for benchmarks.
levels:
  - id: low
    name: Low
    summary: The lower level.
  - id: high
    name: High
    summary: The higher level.
functions:
  - alpha
"""
TINY_FUNCTION = """\
id: alpha
name: Alpha
summary: The first function.
descriptors:
  low: Little
  high: Much
"""
LEVEL_NAMES = ["Initial", "Emerging", "Defined", "Managed", "Measured", "Optimising"]


def scale_project(dest: Path, size: str = "scale") -> Path:
    """Write a project whose content/ is gen_content's Markdown, with front matter we accept."""
    _fresh(dest)
    raw = dest.parent / f".{dest.name}-raw"
    gen_content.generate(size, str(raw))
    content = dest / "content"
    for path in sorted((raw / "docs").rglob("*.md")):
        target = content / path.relative_to(raw / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        # gen_content writes Hugo's `weight:`; our front matter calls it `order:`.
        target.write_text(path.read_text(encoding="utf-8").replace("\nweight: ", "\norder: ", 1),
                          encoding="utf-8")
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        (folder / "index.md").write_text(f"---\ntitle: Section {folder.name}\n---\n\n"
                                         f"The pages of {folder.name}.\n", encoding="utf-8")
    shutil.rmtree(raw)
    _write(dest / "framework/framework.yaml", TINY_FRAMEWORK)
    _write(dest / "framework/functions/alpha.yaml", TINY_FUNCTION)
    _write(content / "functions/alpha.md", _guidance(random.Random(1), LEVEL_NAMES[:2],
                                                     ["low", "high"]))
    return dest


def big_section_project(dest: Path, pages: int = 1000) -> Path:
    """Write a project with one section of many pages, to see what its nav costs each page."""
    scale_project(dest)
    content = dest / "content"
    section = content / "all"
    section.mkdir()
    (section / "index.md").write_text("---\ntitle: All pages\n---\n\nEvery page.\n")
    moved = 0
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and p.name[:3].isdigit()):
        for page in sorted(folder.glob("page-*.md")):
            text = re.sub(r"\]\((?:\.\./[^/)]+/)?(page-\d+\.md)\)", r"](\1)", page.read_text())
            (section / page.name).write_text(text)
            moved += 1
        shutil.rmtree(folder)
    (content / "index.md").write_text("---\ntitle: Home\n---\n\nSee [all pages](all/index.md).\n")
    assert moved == pages, moved
    return dest


def framework_project(dest: Path, functions: int = 200, levels: int = 6) -> Path:
    """Write a project with a framework of many functions and levels, each with guidance."""
    _fresh(dest)
    rng = random.Random(f"bench-framework-{functions}x{levels}")
    level_ids = [name.lower() for name in LEVEL_NAMES[:levels]]
    ids = [f"function-{n:03d}" for n in range(1, functions + 1)]
    lines = ["id: big", "title: A big framework", 'version: "1.0"',
             "description: Many functions and levels.", "levels:"]
    for level_id, name in zip(level_ids, LEVEL_NAMES):
        lines += [f"  - id: {level_id}", f"    name: {name}", f"    summary: {gen_content.sentence(rng)}"]
    lines += ["functions:"] + [f"  - {function_id}" for function_id in ids]
    _write(dest / "framework/framework.yaml", "\n".join(lines) + "\n")
    for number, function_id in enumerate(ids, 1):
        body = [f"id: {function_id}", f"name: Function {number} {gen_content.title_words(rng, 2)}",
                f"summary: {gen_content.sentence(rng)}", "descriptors:"]
        body += [f'  {level_id}: "{gen_content.sentence(rng, 3, 6)}"' for level_id in level_ids]
        _write(dest / f"framework/functions/{function_id}.yaml", "\n".join(body) + "\n")
        _write(dest / f"content/functions/{function_id}.md",
               _guidance(rng, LEVEL_NAMES[:levels], level_ids))
    _write(dest / "content/index.md", "---\ntitle: Home\n---\n\nSee the [matrix](matrix.md).\n")
    return dest


def _guidance(rng, names: list, level_ids: list) -> str:
    out = [f"---\ndescription: {gen_content.sentence(rng)}\n---\n", gen_content.paragraph(rng), ""]
    for heading in ("Why it matters", "How to start", "Pitfalls"):
        out += [f"## {heading}", "", gen_content.paragraph(rng), ""]
    for position, (name, level_id) in enumerate(zip(names, level_ids)):
        out += [f"## {name} {{#{level_id}}}", "", gen_content.paragraph(rng, 2, 4), "",
                f"### You are here if {{#{level_id}-signs}}", ""]
        out += [f"- {gen_content.sentence(rng, 6, 12)}" for _ in range(3)] + [""]
        if position < len(level_ids) - 1:
            out += [f"### To reach the next level {{#{level_id}-actions}}", ""]
            out += [f"- {gen_content.sentence(rng, 6, 12)}" for _ in range(3)] + [""]
    return "\n".join(out)


def markdown_mirror(content: Path, dest: Path) -> Path:
    """Copy a project's Markdown for MkDocs (docs/) and Hugo (hugo/content/, index -> _index)."""
    _fresh(dest)
    shutil.copy(HERE / "configs/mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(HERE / "configs/hugo", dest / "hugo")
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content)
        if relative.parts[0] == "overrides":
            continue
        for target in (dest / "docs" / relative,
                       dest / "hugo/content" / relative.with_name(
                           "_index.md" if relative.name == "index.md" else relative.name)):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return dest


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

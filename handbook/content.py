"""Load the Markdown guidance: pages with front matter, function and level sections."""

from __future__ import annotations

from dataclasses import field
from types import MappingProxyType
import os
import re
from pathlib import Path

from . import kinds, parallel, urls
from .fields import Checker, Field, describe
from .markdown import EMPTY, Doc, FrontMatterError, Markdown, Parsed, freeze, parse, parse_doc, render
from .model import Framework
from .problems import Report, did_you_mean, near_miss
from .records import dataclass
from .sources import MAX_MARKDOWN_BYTES, Project, blob_id, read_text, read_yaml, walk

BLOB_ID = re.compile(r"^[0-9a-f]{40}$")
PAGE_FIELDS = {"title": Field("text"), "nav_title": Field("text"), "order": Field("number"),
               "description": Field("text"),
               "translated_from": Field("text", pattern=BLOB_ID, about="A translation's source, "
                                        "as the git blob id of the default language's file "
                                        "(build.py translations --mark writes it).")}
GLOSSARY_FIELDS = {"term": Field("text", True), "abbreviation": Field("text"),
                   "definition": Field("text", True),
                   "id": Field("id", about="The entry's anchor (glossary.html#id), by default "
                               "made from its term: a translated entry gives its source's, so "
                               "that links to it work in every language.")}
SKIP_FOLDERS = ("overrides",)


@dataclass(frozen=True)
class LevelSection:
    """What a function's Markdown says about one level: description, signs, actions."""

    level_id: str
    line: int
    description: Markdown = EMPTY
    signs: tuple = ()  # one Markdown per list item
    actions: tuple = ()


@dataclass(frozen=True)
class Guidance:
    """A function's Markdown split into its prose and its level sections."""

    prose: Markdown  # what is outside level sections
    levels: MappingProxyType  # level id -> LevelSection
    misspelt: frozenset = frozenset()  # level ids that a misspelt section anchor stands for


NO_GUIDANCE = Guidance(EMPTY, MappingProxyType({}))


@dataclass
class _Draft:
    """A level section while its function's tokens are split: token lists, not yet rendered."""

    level_id: str
    line: int
    description: list = field(default_factory=list)  # block tokens
    signs: list = field(default_factory=list)  # one token list per list item
    actions: list = field(default_factory=list)

    def freeze(self, md, source: str) -> LevelSection:
        """Return the section with its Markdown rendered, and its text for the framework's data."""
        def rendered(tokens) -> Markdown:
            return render(md, tokens, source, with_text=True)
        return LevelSection(self.level_id, self.line, rendered(self.description),
                            tuple(map(rendered, self.signs)), tuple(map(rendered, self.actions)))


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary term, its optional abbreviation, and its definition."""

    term: str
    abbreviation: str
    definition: Doc
    anchor: str


@dataclass(frozen=True)
class Content:
    """Every Markdown document, keyed by its path inside content/, and the glossary."""

    docs: MappingProxyType
    guidance: MappingProxyType  # function id -> Guidance
    glossary: tuple
    assets: tuple  # other files to copy, paths inside content/
    # Documents that exist but failed to load (their problem is reported): links to them and
    # to their anchors are taken as good, so that one mistake gives one message.
    broken: frozenset = frozenset()
    # A translation's (load_translation): the pages shown in the default language for want of
    # a translation, and the translated pages whose source changed since: {path: its source's
    # blob id now}. Paths inside the language's folder, as docs has them.
    fallbacks: frozenset = frozenset()
    stale: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


def load_content(project: Project, framework: Framework | None, md, report: Report,
                 cache=None, translations: tuple = (), loading: Loading | None = None) -> Content:
    """Parse every Markdown file under content/ and split function files into sections.

    The folders of the translations (content/<language>/) are the other languages' pages, not
    this one's. A long-running caller passes the same incremental.DocCache to every call: a file
    whose bytes did not change is not parsed again, and its problems are reported again as they were.
    loading: the parsing begun already (a build begins it first), of content_files' list.
    """
    if loading is None:
        loading = Loading(project, content_files(project, report, translations), md, cache)
    files = loading.files
    docs: dict = {}
    tokens: dict = {}  # while loading only: the function files' tokens, split into guidance
    broken = set()
    glossary = _glossary(project, md, report)  # while the second process parses, if any
    for relative, loaded in loading.docs(report):
        if loaded is not None:
            docs[relative], tokens[relative] = loaded
        else:
            broken.add(relative)
    guidance = _guidance(project, framework, docs, tokens, md, report, loading.split) if framework else {}
    if framework:
        _check_names(project, framework, docs, report)
    assets = tuple(relative for _, relative, suffix in files if suffix.lower() in ASSET_SUFFIXES)
    _report_orphans(project, files, report)
    return Content(MappingProxyType(docs), MappingProxyType(guidance), glossary, assets,
                   frozenset(broken))


def load_translation(project: Project, framework: Framework, md, report: Report,
                     default: Content, language: str, cache=None) -> Content:
    """Load a language's pages, content/<language>/, over the default language's.

    A page it lacks is the default language's (in fallbacks); a file without a source in the
    default language is not built. The links of the default's pages were checked with them.
    """
    folder = project.root / "content" / language
    files = _named(folder, walk(project, folder, ("",), report))
    docs, tokens, broken = {}, {}, set()
    for relative, loaded in _load_docs(project, files, md, report, cache):
        if relative not in default.docs and relative not in default.broken:
            report.warn(project.show(folder / relative), 0, "this translation has no source "
                        f"page content/{relative} in the default language, so it is not built; "
                        "name it as the page it translates, or delete it")
        elif loaded is None:
            broken.add(relative)
        else:
            docs[relative], tokens[relative] = loaded
    for path, relative, suffix in files:
        if suffix != ".md" and relative != "glossary.yaml":
            report.warn(project.show(path), 0, "a translation's pictures and files are the "
                        f"default language's: move this file to content/{relative}, which "
                        "the translated page links as its source does")
    guidance = _translated_guidance(framework, docs, tokens, md, report)
    _check_translated_anchors(project, default, docs, report)
    glossary = _glossary(project, md, report, folder) or default.glossary
    own = MappingProxyType(docs)
    return Content(MappingProxyType({**default.docs, **docs}),
                   MappingProxyType({**default.guidance, **guidance}), glossary, default.assets,
                   default.broken | broken, frozenset(default.docs) - set(docs) - broken,
                   MappingProxyType(_stale(project, own)))


def _translated_guidance(framework: Framework, docs: dict, tokens: dict, md,
                         report: Report) -> dict:
    """Split each translated function page into its prose and level sections."""
    guidance = {}
    for key, doc in docs.items():
        function_id = kinds.function_id(urls.key_of(key))
        if function_id is not None and framework.function(function_id) is not None:
            guidance[function_id] = split_guidance(doc, tokens[key], key, framework, md, report)
            _check_sections(doc, guidance[function_id], framework, report)
    return guidance


def _check_translated_anchors(project: Project, default: Content, docs: dict,
                              report: Report) -> None:
    """Warn where a translation lacks an anchor of its source: links to it would lead nowhere."""
    for key, doc in sorted(docs.items()):
        missing = sorted(default.docs[key].anchors - doc.anchors) if key in default.docs else []
        if missing:
            written = ", ".join(f"{{#{anchor}}}" for anchor in missing)
            report.warn(doc.path, 0, f"no heading has the anchor{'s' if len(missing) > 1 else ''} "
                        f"{written} of its source content/{key}; end the heading that "
                        "translates each with it, so that links to it land here too")


def _stale(project: Project, docs: dict) -> dict:
    """Return {path: its source's blob id now} of the translations whose source changed since."""
    stale = {}
    for key, doc in docs.items():
        written = doc.meta.get("translated_from")
        if written:
            now = blob_id((project.root / "content" / key).read_bytes())
            if now != written:
                stale[key] = now
    return stale


def _named(folder: Path, files: list) -> list:
    """Return (path, its path inside folder with / separators, its suffix) for each file.

    String slicing instead of Path.relative_to: at 1,000 pages the Path calls were a sizeable
    part of a serve rebuild. walk() builds every path from folder, so the prefix always matches.
    """
    prefix = len(str(folder)) + len(os.sep)
    named = []
    for path in files:
        relative = str(path)[prefix:].replace(os.sep, "/")
        named.append((path, relative, _suffix(relative)))
    return named


def _suffix(relative: str) -> str:
    """Return the suffix as Path.suffix does: from the name's last dot, not a leading one."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _report_orphans(project: Project, files: list, report: Report) -> None:
    """Warn about files in content/ that the build does not use, such as page.markdown."""
    known = {"site.yaml", "glossary.yaml"}
    for path, relative, suffix in files:
        if suffix == ".md" or suffix.lower() in ASSET_SUFFIXES or relative in known:
            continue
        hint = (f"; rename it to {path.stem}.md to make it a page"
                if suffix.lower() in (".markdown", ".mdown", ".txt") else
                "; pages are .md files, pictures and PDFs are copied as they are")
        report.warn(project.show(path), 0, f"this file is not used by the build{hint}, or "
                    "delete it")


ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".pdf")


# Above this many Markdown files, they are parsed in two processes (Loading). The fork costs
# less than parsing a few pages: with PARALLEL_PAGES, it made a build of the handbook's 28 pages
# 8% faster and of a new project's 7 no slower (medians of 12-20 alternating pairs, 2 cores).
PARALLEL_DOCS = 8


def content_files(project: Project, report: Report, translations: tuple = ()) -> list:
    """Return (path, its path inside content/, its suffix) for each file of the default language.

    The folders of the translations (content/<language>/) are the other languages' pages.
    """
    folder = project.root / "content"
    skip = tuple(folder / name for name in SKIP_FOLDERS + tuple(translations))
    return _named(folder, walk(project, folder, ("",), report, skip))


class Loading:
    """The Markdown files of a list (content_files) being parsed, begun before they are needed.

    A build of many files parses them in a forked process from the start (parallel.Taking),
    while this one imports the renderer and reads the strings; docs() then parses the files
    still queued here too: parsing was half of a 1,000-page build. Otherwise docs() parses them
    all here (through the cache, if any: incremental.DocCache). Given the framework, the
    processes also split the function files into their levels' sections (split_guidance)
    instead of sending back their parser tokens, which took longer to send than to split.
    """

    def __init__(self, project: Project, files: list, md, cache=None, framework: Framework | None = None):
        self.project, self.files, self.md, self.cache = project, files, md, cache
        self.markdown = [(path, relative) for path, relative, suffix in files if suffix == ".md"]
        self.framework = framework
        self.split: dict = {}  # relative path -> (its Guidance, the problems found splitting it)
        self.taking = None
        if (cache is None and len(self.markdown) > PARALLEL_DOCS and parallel.usable_cpus() > 1
                and parallel.may_fork()):
            self.taking = parallel.Taking(self._load, list(enumerate(self.markdown)))

    def docs(self, report: Report) -> list:
        """Return (relative path, (Doc, its tokens) or None) for each Markdown file, in order.

        Each file's problems are reported in the files' order, wherever it was parsed. A
        function file split already has no tokens, and its Guidance in split.
        """
        if self.taking is None:
            return [(relative, _cached_doc(self.project, path, relative, self.md, report, self.cache))
                    for path, relative in self.markdown]
        taking, self.taking = self.taking, None
        mine, theirs = taking.join()
        ordered = sorted(mine + theirs, key=lambda taken: taken[0])
        for _, relative, _, problems, split in ordered:
            report.problems.extend(problems)
            if split is not None:
                self.split[relative] = split
        return [(relative, loaded) for _, relative, loaded, _, _ in ordered]

    def close(self) -> None:
        """Stop the second process if docs() was not called (a build that ended before)."""
        if self.taking is not None:
            taking, self.taking = self.taking, None
            taking.cancel()

    def _load(self, share) -> list:
        loaded = []
        for number, (path, relative) in share:
            own = Report()
            doc = _load_doc(self.project, path, relative, self.md, own)
            split = None
            if doc is not None and doc[1] and self._splits(relative):
                found = Report()
                split = (split_guidance(doc[0], doc[1], relative, self.framework, self.md, found),
                         found.problems)
                doc = (doc[0], ())
            loaded.append((number, relative, doc, own.problems, split))
        return loaded

    def _splits(self, relative: str) -> bool:
        """Return True when _guidance would split this function file (its function is known)."""
        function_id = kinds.function_id(urls.key_of(relative))
        return (self.framework is not None
                and any(function.id == function_id for function in self.framework.functions))


def _load_docs(project: Project, files: list, md, report: Report, cache) -> list:
    """Return (relative path, (Doc, its tokens) or None) for each Markdown file, in order (Loading)."""
    return Loading(project, files, md, cache).docs(report)


def _cached_doc(project: Project, path: Path, relative: str, md, report: Report, cache):
    """Return (Doc, its tokens) or None; through the cache (incremental.DocCache) if any."""
    if cache is None:
        return _load_doc(project, path, relative, md, report)
    return cache.load(path, relative, lambda own: _load_doc(project, path, relative, md, own),
                      report)


def _load_doc(project: Project, path: Path, relative: str, md, report: Report):
    shown = project.show(path)
    text = read_text(project, path, report, MAX_MARKDOWN_BYTES)
    if text is None:
        return None
    if not text.strip():
        report.error(shown, 1, "the file is empty; write the page's text, or delete the file")
        return None
    try:
        parsed = parse(md, shown, text, title_heading=True)
    except FrontMatterError as exc:
        report.error(shown, exc.line, exc.message, exc.column)
        return None
    _check_anchors(parsed, report)
    check = Checker(shown, parsed.front, report)
    good = check.mapping((), parsed.meta, PAGE_FIELDS, "front matter") if parsed.meta else {}
    # Only a function's tokens are split again (into guidance, by the framework's levels).
    guided = kinds.function_id(urls.key_of(relative)) is not None
    return freeze(md, parsed, relative, good), tuple(parsed.tokens) if guided else ()


def _check_anchors(doc: Parsed, report: Report) -> None:
    """Report an explicit {#anchor} that another heading of the page already has."""
    first: dict = {}
    for heading in doc.headings:
        if heading.explicit and heading.anchor in first:
            report.error(doc.path, heading.line, f'the anchor {{#{heading.anchor}}} is also '
                         f"used on line {first[heading.anchor]}; anchors of a page must be "
                         "unique: merge the two sections or rename one anchor")
        first.setdefault(heading.anchor, heading.line)


def _guidance(project: Project, framework: Framework, docs: dict, tokens: dict, md,
              report: Report, split: dict | None = None) -> dict:
    """Split each function file into its levels' sections; split: those split while loading."""
    defined = {path.stem for path in (project.root / "framework" / "functions").glob("*.y*ml")}
    guidance: dict = {}
    function_ids = [function.id for function in framework.functions]
    for key, doc in docs.items():
        function_id = kinds.function_id(urls.key_of(key))
        if function_id is not None:
            if function_id in function_ids and split and key in split:
                guidance[function_id], problems = split[key]
                report.problems.extend(problems)  # where splitting it here reports them
            elif function_id in function_ids:
                guidance[function_id] = split_guidance(doc, tokens[key], key, framework, md,
                                                      report)
            # With a YAML file of its own, or an unreadable id in the list, it may be a
            # function whose problem is reported already.
            elif function_id not in defined and framework.knows_all("functions"):
                report.error(doc.path, 1, f'there is no function "{function_id}" in the '
                             f"framework{did_you_mean(function_id, function_ids)}; rename the "
                             "file after a function id, or add the function to "
                             "framework/framework.yaml and framework/functions/")
    for function in framework.functions:
        if function.id not in guidance:
            path = project.root / "content" / urls.source(kinds.function(function.id))
            # A guidance file that failed to load has its problem reported, and so has a
            # function that failed to load: what it still needs is told once it loads.
            if not path.exists() and function.id not in framework.broken:
                first = framework.levels[0]
                report.warn(project.show(path), 0, "this guidance file is missing; create it "
                            f'for the function "{function.id}" with a section per level, such '
                            f"as  ## {first.name} {{#{first.id}}}")
            guidance[function.id] = NO_GUIDANCE
            continue
        _check_sections(docs[urls.source(kinds.function(function.id))], guidance[function.id],
                        framework, report)
    return guidance


def _check_names(project: Project, framework: Framework, docs: dict, report: Report) -> None:
    """Warn where a page names what framework/ names, and is overridden: no silent drift."""
    for function in framework.functions:
        doc = docs.get(urls.source(kinds.function(function.id)))
        for key in ("title", "nav_title") if doc and function.id not in framework.broken else ():
            line = _title_line(doc, key)
            if line:
                what = f"{key}:" if key in doc.lines else f'the heading "# {doc.meta[key]}"'
                report.warn(doc.path, line, f"{what} has no effect: a function's page takes its "
                            f'name from {function.source} ("{function.name}"); remove this line, '
                            "and change the name there if needed")
    shown = project.show(project.root / "framework" / "framework.yaml")
    for level in framework.levels:
        doc = docs.get(urls.source(kinds.level(level.id)))
        line = _title_line(doc, "title") if doc else 0
        title = doc.meta["title"] if line else level.name
        if title != level.name and level.id not in framework.broken:
            what = "title:" if "title" in doc.lines else "the heading"
            report.warn(doc.path, line, f'{what} "{title}" differs from the level\'s name '
                        f'"{level.name}" in {shown}:{level.line}, which the page shows; remove '
                        "this line, or rename the level there")


def _title_line(doc: Doc, key: str) -> int:
    """Return the line where the page sets key (front matter, or an opening heading), or 0."""
    if key not in doc.meta:
        return 0
    if key in doc.lines:
        return doc.lines[key]
    return doc.title_line if key == "title" else 0


def _check_sections(doc: Doc, guidance: Guidance, framework: Framework, report: Report) -> None:
    for level in framework.levels:
        # A level that failed to load gets its sections asked for once it loads.
        if level.id not in guidance.levels and level.id not in guidance.misspelt | framework.broken:
            report.warn(doc.path, 0, f'no section for level "{level.id}"; add a heading '
                        f"such as  ## {level.name} {{#{level.id}}}  with its description, "
                        "signs and actions")


def split_guidance(doc: Doc, tokens: tuple, source: str, framework: Framework, md,
                   report: Report) -> Guidance:
    """Split a function's tokens into prose and per-level sections, checking the headings."""
    level_ids = [level.id for level in framework.levels]
    prose: list = []
    levels: dict = {}
    misspelt = set()
    current: _Draft | None = None
    part = "description"
    index = 0
    while index < len(tokens):
        token = tokens[index]
        heading = _heading_at(doc, tokens, index)
        if heading and heading.level <= 2:
            current, part = _level_opened(doc, heading, levels, level_ids, framework, misspelt,
                                          report), "description"
            if current is not None:
                index = _skip_heading(tokens, index)
                continue
        if current is None:
            prose.append(token)
            index += 1
            continue
        if heading:
            part = _level_part(doc, heading, current, framework, report)
            index = _skip_heading(tokens, index)
            continue
        index = _take(tokens, index, current, part, doc, report)
    for section in levels.values():
        _check_level_section(doc, section, framework, report)
    return Guidance(render(md, prose, source), MappingProxyType(
        {level_id: section.freeze(md, source) for level_id, section in levels.items()}),
        frozenset(misspelt))


def _level_opened(doc: Doc, heading, levels: dict, level_ids: list, framework: Framework,
                  misspelt: set, report: Report) -> _Draft | None:
    """Return the level section a ## heading opens (added to levels), or None where prose goes on."""
    if not heading.explicit or heading.level != 2:
        return None
    if heading.anchor not in level_ids and not _meant_as_level(heading, levels, level_ids):
        return None  # a guidance section with its own anchor ({#why-it-matters})
    if heading.anchor not in level_ids and framework.knows_all("levels"):
        # One misspelling, one message: not also "no section" for the level meant.
        misspelt.add(_not_a_level(doc, heading, level_ids, report))
        return None
    if heading.anchor in levels:
        return None  # a duplicate anchor, reported with the page's other anchors
    levels[heading.anchor] = _Draft(heading.anchor, heading.line)
    return levels[heading.anchor]


def _meant_as_level(heading, levels: dict, level_ids: list) -> bool:
    """Tell whether an anchored ## heading stands where a level section must: among them, or near a level id."""
    return bool(levels) or near_miss(heading.anchor, level_ids) is not None


def _not_a_level(doc: Doc, heading, level_ids: list, report: Report) -> str | None:
    """Report a level section whose anchor is no level id; return the level id meant, if any."""
    near = near_miss(heading.anchor, level_ids)
    written = f' (did you mean "{{#{near}}}"?)' if near else ""
    report.error(doc.path, heading.line, f'"{{#{heading.anchor}}}" is not a level{written}; '
                 f"level sections use the level ids: {', '.join(level_ids)}")
    return near


def _heading_at(doc: Doc, tokens: tuple, index: int):
    if tokens[index].type != "heading_open":
        return None
    return next((h for h in doc.headings if h.index == index), None)


def _skip_heading(tokens: list, index: int) -> int:
    return index + 3  # heading_open, inline, heading_close


def _level_part(doc, heading, section: _Draft, framework, report) -> str:
    for part in ("signs", "actions"):
        if heading.anchor == f"{section.level_id}-{part}":
            return part
    expected = f"{{#{section.level_id}-signs}} or {{#{section.level_id}-actions}}"
    report.error(doc.path, heading.line, f'the heading "{heading.text}" is inside the level '
                 f'section "{section.level_id}", where only the signs and actions headings may '
                 f"follow: end this heading with {expected}, or move it above the level "
                 "sections" + (f" (it has {{#{heading.anchor}}})" if heading.explicit else ""))
    return "ignored"


def _take(tokens: tuple, index: int, section: _Draft, part: str, doc: Doc,
          report: Report) -> int:
    token = tokens[index]
    end = _block_end(tokens, index)
    if part == "description":
        section.description.extend(tokens[index:end])
    elif part in ("signs", "actions"):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            getattr(section, part).extend(_list_items(tokens[index:end]))
        else:
            line = doc.line_offset + (token.map[0] + 1 if token.map else 0)
            report.error(doc.path, line, f"the {part} of a level must be a bulleted list "
                         "(lines starting with '- '); move other text into the description")
    return end


def _block_end(tokens: list, index: int) -> int:
    depth = 0
    for end in range(index, len(tokens)):
        depth += tokens[end].nesting
        if depth <= 0:
            return end + 1
    return len(tokens)


def _list_items(tokens: list) -> list:
    items, depth, start = [], 0, None
    for position, token in enumerate(tokens):
        if token.type == "list_item_open" and depth == 1:
            start = position + 1
        if token.type == "list_item_close" and depth == 2:
            items.append(tokens[start:position])
        depth += token.nesting
    return items


def _check_level_section(doc: Doc, section: _Draft, framework: Framework,
                         report: Report) -> None:
    level = framework.level(section.level_id)
    if not section.description:
        report.warn(doc.path, section.line, f'the "{section.level_id}" section has no '
                    "description; add a few sentences under its heading")
    # With a level whose id is unreadable, the top known level may not be the top one.
    if section.actions and level is not None and framework.next_level(level) is None \
            and framework.knows_all("levels"):
        report.warn(doc.path, section.line, f'"{section.level_id}" is the top level, so it '
                    "has no next level: remove its actions")


def block_text(fragment: Markdown) -> str:
    """Return the plain text of loaded Markdown, paragraphs separated by blank lines."""
    return fragment.text


def _glossary(project: Project, md, report: Report, folder: Path | None = None) -> tuple:
    path = (folder or project.root / "content") / "glossary.yaml"
    if not path.exists():
        return ()
    located = read_yaml(project, path, report)
    if located is None:
        return ()
    check = Checker(project.show(path), located, report)
    if not isinstance(located.data, list):
        check.error((), "the glossary must be a list of entries (each starting with "
                    f"'- term: ...'), not {describe(located.data)}")
        return ()
    entries, anchors = [], set()
    for index, entry in enumerate(located.data):
        good = check.mapping((index,), entry, GLOSSARY_FIELDS, "a glossary entry")
        if "term" not in good or "definition" not in good:
            continue
        line = check.line(index, "definition")
        definition = parse_doc(md, check.shown, "\n" * (line - 1) + good["definition"],
                               source="glossary.md")
        anchor = urls.unique(good.get("id") or _slug(good["term"]), anchors)
        entries.append(GlossaryEntry(good["term"], good.get("abbreviation", ""), definition,
                                     anchor))
    return tuple(entries)


def _slug(text: str) -> str:
    from .markdown import github_slug
    return github_slug(text) or "term"

"""Markdown parsing: front matter, GitHub-style heading anchors, links kept for checking."""

from __future__ import annotations

import re
from dataclasses import field
from types import MappingProxyType

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from . import urls
from .records import dataclass
from .yamlfile import Located, YamlError, load_yaml

EXPLICIT_ANCHOR = re.compile(r"\s*\{#([^}\s]*)\}\s*$")
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# The parser drops links with these schemes, leaving their Markdown as text; find them there so
# the editor learns why the link does not work: inline links "](", autolinks "<" and reference
# definitions "]:" (a refused definition stays a paragraph, and every use of it plain text).
REFUSED_LINK = re.compile(r"(?:\]\(\s*<?|<|\]:\s*<?)((?:javascript|vbscript|data):"
                          r"(?:[^()>\s]|\([^()\s]*\))*)", re.IGNORECASE)
TITLE_HEADING = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def github_slug(text: str) -> str:
    """Return the anchor GitHub gives a heading with this text (before de-duplication)."""
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


def make_parser() -> MarkdownIt:
    """Return the one Markdown parser: CommonMark plus tables, raw HTML shown as text."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: not url.strip().lower().startswith(UNSAFE_SCHEMES)
    _install_rules(md)
    return md


def render(md: MarkdownIt, tokens, source: str, with_text: bool = False) -> Markdown:
    """Render block tokens to HTML whose links and heading ids are slots; links from source.

    with_text keeps the plain text too, which only the framework's data reads (a level's
    description, signs and actions): a whole page's text was a tenth of a large build's memory.
    """
    tokens = list(tokens)
    if not tokens:
        return EMPTY
    env = {"source": source, "slots": []}
    html = md.renderer.render(tokens, md.options, env)
    return Markdown(html, tuple(env["slots"]), block_text(tokens) if with_text else "")


def fill(fragment: Markdown, value) -> str:
    """Return the fragment's HTML with each slot replaced by value(slot), escaped."""
    if not fragment.slots:
        return fragment.html
    # The HTML holds NUL only around a slot's number (SLOT), so that every other part of the
    # split is one: faster than a pattern calling back for each of a page's slots.
    slots, parts = fragment.slots, fragment.html.split(SLOT)
    for at in range(1, len(parts), 2):
        parts[at] = escapeHtml(value(slots[int(parts[at])]))
    return "".join(parts)


def link_slot(source: str, href: str) -> tuple:
    """Return the slot of a link written in source: a page key, a file, or the href as it is.

    A link that does not resolve fails the build (site.check_links) before any page renders.
    """
    stripped = href.strip()
    if not stripped or stripped.startswith("/") or SCHEME.match(stripped):
        return ("href", stripped if stripped.lower().startswith(SAFE_SCHEMES) else href)
    path, fragment = urls.split_link(stripped)
    if not path:
        return ("page", urls.key_of(source), fragment, href)
    joined = urls.joined_source(source, path)
    if joined.endswith(urls.SOURCE_SUFFIX):
        return ("page", urls.key_of(joined), fragment, href)
    return ("file", joined)


def _slot(env: dict, value: tuple) -> str:
    slots = env["slots"]
    slots.append(value)
    return f"{SLOT}{len(slots) - 1}{SLOT}"


def _install_rules(md: MarkdownIt) -> None:
    """Render links, pictures and heading ids as slots, and tables inside a scrolling box."""

    def link_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        return _open_tag(token, "href", _slot(env, link_slot(env["source"], token.attrGet("href") or "")))

    def image(renderer, tokens, idx, options, env):
        token = _copy(tokens[idx])
        token.attrSet("src", _slot(env, link_slot(env["source"], token.attrGet("src") or "")))
        token.attrSet("alt", renderer.renderInlineAsText(token.children or [], options, env))
        token.attrSet("loading", "lazy")
        return renderer.renderToken([token], 0, options, env)

    def heading_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        return _open_tag(token, "id", _slot(env, ("id", token.attrGet("id") or ""))) + "\n"

    def table_open(renderer, tokens, idx, options, env):
        return '<div class="table-scroll">\n' + renderer.renderToken(tokens, idx, options, env)

    def table_close(renderer, tokens, idx, options, env):
        return renderer.renderToken(tokens, idx, options, env) + "</div>\n"

    for name, rule in (("link_open", link_open), ("image", image),
                       ("heading_open", heading_open), ("table_open", table_open),
                       ("table_close", table_close)):
        md.add_render_rule(name, rule)


def _open_tag(token: Token, name: str, value: str) -> str:
    """Return the token's opening tag with one attribute set, as renderToken would render a
    copy of it alone (a heading's tag then ends its line), without copying the token: copies
    were a quarter of rendering a page's Markdown."""
    attrs = dict(token.attrs)
    attrs[name] = value
    return ("<" + token.tag + "".join(f' {escapeHtml(key)}="{escapeHtml(str(item))}"'
                                      for key, item in attrs.items()) + ">")


def _copy(token: Token) -> Token:
    clone = token.copy()
    clone.attrs = dict(token.attrs)
    return clone


SLOT = "\x00"  # markdown-it turns NUL in its input into U+FFFD: the HTML holds none of its own
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


@dataclass(frozen=True)
class Heading:
    """A heading of a Markdown document, with its anchor and where it is."""

    level: int
    text: str
    anchor: str
    explicit: bool
    line: int
    index: int  # position of its heading_open token while the file loads


@dataclass(frozen=True)
class Link:
    """A link or image target written in a document."""

    href: str
    line: int
    image: bool = False


@dataclass(frozen=True)
class Markdown:
    """Markdown rendered once to HTML, with its links and ids left as slots.

    Each slot stands where a value depends on the output page (a function's page and the print
    page give the same heading different ids and the same link different hrefs): ("id", anchor),
    ("page", key, fragment, href as written), ("file", path inside the site) or ("href", href).
    The renderer fills them (render.Context.markdown).
    """

    html: str = ""
    slots: tuple = ()
    text: str = ""  # the plain text of its paragraphs, separated by blank lines (render's with_text)

    def __bool__(self) -> bool:
        return bool(self.html)


@dataclass(frozen=True)
class Doc:
    """A loaded Markdown file: its front matter, its body as HTML, its anchors and links."""

    path: str
    meta: MappingProxyType
    lines: MappingProxyType  # front matter key as written -> its line
    body: Markdown
    headings: tuple = ()
    links: tuple = ()
    line_offset: int = 0
    title_line: int = 0  # the line of an opening `# Heading` taken as the title, if any

    @property
    def anchors(self) -> frozenset:
        return frozenset(h.anchor for h in self.headings)


@dataclass
class Parsed:
    """A Markdown file while it loads: its front matter as written and the parser's tokens."""

    path: str
    meta: dict
    front: Located  # the front matter as loaded, with the line of each value
    tokens: list
    headings: list = field(default_factory=list)
    links: list = field(default_factory=list)
    line_offset: int = 0
    title_line: int = 0


EMPTY = Markdown()


class FrontMatterError(Exception):
    """Front matter that cannot be used, with its line."""

    def __init__(self, message: str, line: int, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def split_front_matter(text: str) -> tuple[Located, str, int]:
    """Split `---` YAML front matter from the body; return it, the body and the body's offset."""
    empty = Located({}, {(): 1})
    if not text.startswith("---\n") and text.strip() != "---":
        return empty, text, 0
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError("the front matter that starts on line 1 is not closed; add a "
                               "line with just --- after it", 1)
    block = "\n".join(lines[1:index])
    try:
        located = load_yaml(block, first_line=2)
    except YamlError as exc:
        raise FrontMatterError(f"front matter: {exc.message}", exc.line, exc.column) from None
    body = "\n".join(lines[index + 1:])
    if located.data is None:
        return empty, body, index + 1
    if not isinstance(located.data, dict):
        raise FrontMatterError("the front matter must be a mapping of keys to values, such as "
                               "'title: Agreement'", 2)
    return located, body, index + 1


def parse_doc(md: MarkdownIt, path: str, text: str, title_heading: bool = False,
              source: str = "") -> Doc:
    """Parse a Markdown file's text into a Doc (links relative to source, else path)."""
    return freeze(md, parse(md, path, text, title_heading), source or path)


def freeze(md: MarkdownIt, parsed: Parsed, source: str, meta: dict | None = None) -> Doc:
    """Return the loaded document: the body rendered, no parser token kept."""
    written = parsed.front.data if isinstance(parsed.front.data, dict) else {}
    return Doc(parsed.path, MappingProxyType(dict(parsed.meta if meta is None else meta)),
               MappingProxyType({key: parsed.front.line(key) for key in written}),
               render(md, parsed.tokens, source), tuple(parsed.headings), tuple(parsed.links),
               parsed.line_offset, parsed.title_line)


def parse(md: MarkdownIt, path: str, text: str, title_heading: bool = False) -> Parsed:
    """Parse a Markdown file's text; raise FrontMatterError for bad front matter.

    With title_heading, a page without a front-matter title that starts with `# Heading` takes
    that heading as its title, out of the body: the template shows the title as the one <h1>.
    """
    front, body, offset = split_front_matter(text)
    meta = front.data
    title_line = 0
    if title_heading and not meta.get("title"):
        lines = body.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        title, body = take_title_heading(md, body)
        meta, title_line = (dict(meta, title=title), offset + first + 1) if title else (meta, 0)
    tokens = md.parse(body)
    doc = Parsed(path, meta, front, tokens, line_offset=offset, title_line=title_line)
    _collect(doc)
    return doc


def take_title_heading(md: MarkdownIt, body: str) -> tuple[str, str]:
    """Return the text of the body's opening `# Heading` and the body with that line blank."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not TITLE_HEADING.match(lines[first]):
        return "", body
    tokens = md.parse(lines[first])
    title = EXPLICIT_ANCHOR.sub("", inline_text(tokens[1])).strip()
    if not title:
        return "", body
    lines[first] = ""  # blank, not removed, so that later lines keep their numbers
    return title, "\n".join(lines)


def inline_text(token: Token) -> str:
    """Return the plain text of an inline token."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def block_text(tokens) -> str:
    """Return the plain text of a run of block tokens, paragraphs separated by blank lines."""
    parts = [inline_text(token) for token in tokens if token.type == "inline"]
    return "\n\n".join(part for part in parts if part)


def _collect(doc: Parsed) -> None:
    seen: dict = {}
    tokens = doc.tokens
    for index, token in enumerate(tokens):
        line = doc.line_offset + (token.map[0] + 1 if token.map else 0)
        if token.type == "heading_open":
            _add_heading(doc, tokens, index, line, seen)
        elif token.type == "inline":
            _collect_links(doc, token, line)


def _collect_links(doc: Parsed, token: Token, line: int) -> None:
    breaks = 0  # a link on a paragraph's third line is reported at that line, not its first
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            breaks += 1
        elif child.type == "link_open":
            doc.links.append(Link(str(child.attrs.get("href", "")), line + breaks))
        elif child.type == "image":
            doc.links.append(Link(str(child.attrs.get("src", "")), line + breaks, image=True))
    # Only plain text counts: a refused link shown inside `code` is an example, not a link. Its
    # scheme's colon is in the source, written or as an entity; most paragraphs have neither.
    if ":" not in token.content and "&" not in token.content:
        return
    text = "".join(child.content if child.type == "text" else
                   "\n" if child.type in ("softbreak", "hardbreak") else "\x00"
                   for child in token.children or [])
    for match in REFUSED_LINK.finditer(text):
        doc.links.append(Link(match.group(1), line + text.count("\n", 0, match.start())))


def _add_heading(doc: Parsed, tokens: list, index: int, line: int, seen: dict) -> None:
    inline = tokens[index + 1]
    explicit = None
    if inline.children and inline.children[-1].type == "text":
        last = inline.children[-1]
        match = EXPLICIT_ANCHOR.search(last.content)
        if match:
            explicit = match.group(1)
            last.content = last.content[: match.start()]
            inline.content = EXPLICIT_ANCHOR.sub("", inline.content)
    text = inline_text(inline).strip()
    if explicit is not None:
        anchor = explicit
    else:
        base = github_slug(text) or "section"
        anchor, count = base, seen.get(base, 0)
        while anchor in seen:
            count += 1
            anchor = f"{base}-{count}"
        seen[base] = count
    seen.setdefault(anchor, 0)
    tokens[index].attrSet("id", anchor)
    level = int(tokens[index].tag[1])
    doc.headings.append(Heading(level, text, anchor, explicit is not None, line, index))

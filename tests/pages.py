"""Parse built pages with the standard HTML parser: ids, links, text, elements."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    """An element with its attributes and the text inside it."""

    tag: str
    attrs: dict
    text: str = ""
    parents: tuple = ()


@dataclass
class ParsedPage:
    """What a test needs from one HTML page."""

    path: Path
    elements: list = field(default_factory=list)
    ids: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def find(self, tag: str, **attrs) -> list:
        """Return elements with this tag whose attributes contain the given values."""
        return [e for e in self.elements if e.tag == tag and all(
            (e.attrs.get(k.rstrip("_")) or "") == v or (k == "class_" and v in (e.attrs.get("class") or "").split())
            for k, v in attrs.items())]

    def links(self) -> list:
        """Return every href of an <a> element."""
        return [e.attrs["href"] for e in self.elements if e.tag == "a" and e.attrs.get("href")]

    def text(self, tag: str = "body") -> str:
        return " ".join(e.text for e in self.elements if e.tag == tag)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage):
        super().__init__(convert_charrefs=True)
        self.page, self.stack = page, []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parents=tuple(e.tag for e in self.stack))
        self.page.elements.append(element)
        if "id" in element.attrs:
            self.page.ids.append(element.attrs["id"])
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1].tag != tag:
            self.page.errors.append(f"unexpected </{tag}> (open: {[e.tag for e in self.stack]})")
            while self.stack and self.stack[-1].tag != tag:
                self.stack.pop()
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for element in self.stack:
            element.text += data


def parse_page(path: Path) -> ParsedPage:
    """Parse one HTML file."""
    page = ParsedPage(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    if parser.stack:
        page.errors.append(f"unclosed elements: {[e.tag for e in parser.stack]}")
    return page


def all_pages(site: Path) -> dict:
    """Parse every .html file of a site: {relative path: ParsedPage}."""
    return {p.relative_to(site).as_posix(): parse_page(p) for p in sorted(site.rglob("*.html"))}

"""An HTML page as a flat list of tokens, with the parts a selector names left out.

tests/test_output_changes.py uses it to explain a page's difference by the parts that may differ
(the header's search form, a new box) while every other byte of the page must stay the same.
A selector is a compound one: `tag`, `.class`, `#id`, `[attr]`, `[attr=value]`, `[attr$=end]`,
combined without spaces (`script#framework-data`, `a[href$=print.html]`). `^` before it keeps
the element's children and leaves out only its own tags (a wrapper added around the article).
`text:OLD=>NEW` is a reworded text: OLD in the earlier page reads as NEW.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TAG = "\x00"  # marks a tag among the tokens (no text holds it)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
_PART = re.compile(r"([.#]?)([\w-]+)|\[([\w-]+)(?:(\$?=)([^\]]*))?\]")


@dataclass
class Node:
    """An element: its tag, attributes and children (nodes and text)."""

    tag: str
    attrs: dict
    children: list = field(default_factory=list)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root = Node("#root", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)

    def handle_entityref(self, name):
        self.open[-1].children.append(f"&{name};")

    def handle_charref(self, name):
        self.open[-1].children.append(f"&#{name};")

    def handle_decl(self, decl):
        self.open[-1].children.append(Node(f"!{decl}", {}))


@dataclass(frozen=True)
class Selector:
    """A compound selector, and whether it unwraps (keeps the children) or leaves out."""

    tests: tuple
    unwrap: bool

    @classmethod
    def parse(cls, text: str) -> "Selector":
        """Read `[^]tag.class#id[attr=value]`; refuse anything else."""
        text = text.strip()
        unwrap, body = text.startswith("^"), text.lstrip("^")
        tests, at = [], 0
        while at < len(body):
            match = _PART.match(body, at)
            if not match or match.end() == at:
                raise ValueError(f"cannot read the selector {text!r} at {body[at:]!r}")
            tests.append(match.groups())
            at = match.end()
        if not tests:
            raise ValueError(f"an empty selector in {text!r}")
        return cls(tuple(tests), unwrap)

    def matches(self, node: Node) -> bool:
        """Tell whether the element meets every test of the selector."""
        return all(_meets(node, test) for test in self.tests)


@dataclass(frozen=True)
class Rewrite:
    """A reworded text: in the earlier page, this text reads as that one."""

    old: str
    new: str

    @classmethod
    def parse(cls, text: str) -> "Rewrite":
        """Read `text:OLD=>NEW`."""
        old, arrow, new = text.strip()[len("text:"):].partition("=>")
        if not arrow or not old:
            raise ValueError(f"write text:OLD=>NEW, not {text!r}")
        return cls(old, new)


def parse_part(text: str):
    """A part of a page: a selector, or a reworded text."""
    return Rewrite.parse(text) if text.strip().startswith("text:") else Selector.parse(text)


def _meets(node: Node, test: tuple) -> bool:
    kind, name, attr, op, value = test
    if attr:
        have = node.attrs.get(attr)
        return have is not None and (op is None or (have == value if op == "=" else have.endswith(value)))
    if kind == ".":
        return name in node.attrs.get("class", "").split()
    if kind == "#":
        return node.attrs.get("id") == name
    return node.tag == name


def tokens(html: str, parts: list, earlier: bool = False) -> list[str]:
    """The page's tags and texts in order, without the parts the selectors name (the earlier
    page with its reworded texts as they read now)."""
    for rewrite in (part for part in parts if isinstance(part, Rewrite) and earlier):
        html = html.replace(rewrite.old, rewrite.new)
    selectors = [part for part in parts if isinstance(part, Selector)]
    tree = _Tree()
    tree.feed(html)
    tree.close()
    out: list[str] = []
    _walk(tree.root.children, selectors, out)
    return _join_texts(out)


def _join_texts(items: list[str]) -> list[str]:
    """Adjacent texts as one, its white space collapsed: a part left out leaves its line's
    indentation and line break behind, which the browser shows as nothing."""
    joined: list[str] = []
    for item in items:
        if item.startswith(TAG) or not joined or joined[-1].startswith(TAG):
            joined.append(item)
        else:
            joined[-1] += item
    texts = (item if item.startswith(TAG) else " ".join(item.split()) for item in joined)
    return [item for item in texts if item]


def _walk(children: list, selectors: list[Selector], out: list[str]) -> None:
    for child in children:
        if isinstance(child, str):
            out.append(child)
            continue
        hit = next((s for s in selectors if s.matches(child)), None)
        if hit is not None and not hit.unwrap:
            continue
        if hit is None:
            out.append(f"{TAG}<{child.tag}" + "".join(f" {k}={v!r}" for k, v in child.attrs.items()) + ">")
        _walk(child.children, selectors, out)
        if hit is None and child.tag not in VOID and not child.tag.startswith("!"):
            out.append(f"{TAG}</{child.tag}>")


def first_difference(old: list[str], new: list[str]) -> str:
    """Where two token lists part, shown with a little of each side."""
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    def show(side):  # from the token before, for a little context
        return "".join(side[max(at - 1, 0):at + 3]).replace(TAG, "")[:160]
    return f"was {show(old)!r}, is {show(new)!r}"

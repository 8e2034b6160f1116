"""Files the site publishes as they are: they may hold no script and ask no other host.

An SVG file opened directly is a document of the site's origin, where every saved assessment
lives: a script in it would run there. So every SVG under content/ (the logo included) must be a
picture only, and the publisher's assets may not hold web pages. Their own .js and .css stay
allowed: that is the publisher's code, on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from .problems import Report
from .sources import Project

SVG_SUFFIX = ".svg"
# Documents a browser runs scripts in, which have no place among the assets.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".svgz")
SCRIPTED_ELEMENTS = {
    "script": "a <script>, which runs when the file is opened; remove it (a picture needs none)",
    "foreignobject": "a <foreignObject>, which embeds a web page in the picture; remove it",
    "handler": "a <handler>, which runs a script on an event; remove it",
}
OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
SCRIPT_SCHEME = re.compile(r"(?:javascript|vbscript):", re.IGNORECASE)
CSS_REFERENCE = re.compile(r"""(?:url\(|@import)\s*['"]?\s*([^'")\s;]*)""", re.IGNORECASE)
LINK_ATTRIBUTES = ("href", "src")
# Browsers ignore these characters inside an address, so "java\tscript:" is javascript: too.
IGNORED_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f]+")


def picture_from_other_host(href: str) -> str:
    """Return the message for a picture that a reader's browser would fetch from another host."""
    name = href.split("?")[0].split("#")[0].rstrip("/").rpartition("/")[2] or "picture.png"
    return (f'"{href}": the picture is on another host, which every reader\'s browser would '
            f"ask for it; copy the file into content/ and link it relatively, such as "
            f"images/{name}")


def check_published_files(project: Project, assets: list, logo: str, report: Report) -> None:
    """Report scripted SVG files in content/ and pages among the publisher's assets."""
    content = project.root / "content"
    svgs = {name for name in assets if name.lower().endswith(SVG_SUFFIX)}
    if logo.lower().endswith(SVG_SUFFIX):
        svgs.add(logo)
    for name in sorted(svgs):
        check_svg(project, content / name, report)
    for path in _override_assets(content / "overrides" / "assets"):
        if path.suffix.lower() in PAGE_SUFFIXES:
            report.error(project.show(path), 1, f"a {path.suffix} file among the assets would "
                         "be a page of the site that runs its own scripts; remove it (pages "
                         "are .md files in content/, pictures .png, .jpg or a script-free .svg)")
        elif path.suffix.lower() == SVG_SUFFIX:
            check_svg(project, path, report)


def _override_assets(folder: Path) -> list:
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".")]


def check_svg(project: Project, path: Path, report: Report) -> None:
    """Report everything in an SVG file that could run a script or ask another host."""
    shown = project.show(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(shown, 0, f"cannot read the file: {exc.strerror or exc}")
        return
    for line, message in svg_problems(data):
        report.error(shown, line, message)


class _Refused(Exception):
    """A construct after which the file is not read further (DOCTYPE, broken XML)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def svg_problems(data: bytes) -> list:
    """Return (line, message) for each scripted or outside reference in an SVG file's bytes."""
    reader = _SvgReader()
    try:
        reader.read(data)
    except _Refused as refused:
        reader.problems.append((refused.line, refused.message))
    return reader.problems


class _SvgReader:
    """Read an SVG with expat, refusing DOCTYPEs so no entity is ever expanded."""

    def __init__(self):
        self.problems: list = []
        self.style: tuple | None = None  # (line, text parts) of the <style> being read
        self.data = b""
        self.tag = (0, 1)  # byte offset and line of the start tag being read
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.ExternalEntityRefHandler = self._doctype
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    def read(self, data: bytes) -> None:
        self.data = data
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise _Refused(exc.lineno, "the file is not well-formed XML "
                           f"({expat.ErrorString(exc.code)}); save it again from the drawing "
                           "program as plain SVG") from None

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def _add(self, message: str, line: int = 0) -> None:
        self.problems.append((line or self.line, message))

    def _doctype(self, *_args):
        raise _Refused(self.line, "the file has a <!DOCTYPE>, which can define entities that "
                       "expand it or read other files; remove it (an SVG file needs none)")

    def _instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._add("<?xml-stylesheet?> loads another file into the picture; remove it and "
                      "put the styles in a <style> element")

    def _start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(" ")[2]
        self.tag = (self.parser.CurrentByteIndex, self.line)
        if local.lower() in SCRIPTED_ELEMENTS:
            self._add(f"the picture holds {SCRIPTED_ELEMENTS[local.lower()]}")
        for attribute, value in attributes.items():
            self._attribute(attribute.rpartition(" ")[2], value)
        if local == "style":
            self.style = (self.line, [])

    def _attribute(self, name: str, value: str) -> None:
        line = self._attribute_line(name)
        if name.lower().startswith("on"):
            self._add(f"the attribute {name} runs a script on an event; remove it", line)
            return
        compact = IGNORED_IN_ADDRESS.sub("", value)
        if SCRIPT_SCHEME.search(compact):
            self._add(f'the attribute {name}="{compact}" is a javascript: link, which runs a '
                      "script; remove it", line)
        elif name in LINK_ATTRIBUTES and compact.lower().startswith("data:") \
                and not compact.lower().startswith("data:image/"):
            self._add(f"the attribute {name} holds a data: address that is not a picture; "
                      "remove it", line)
        elif name in LINK_ATTRIBUTES and OTHER_HOST.match(compact):
            self._add(_other_host(value), line)
        else:
            self._css(value, line)

    def _attribute_line(self, name: str) -> int:
        """Return the line the attribute is written on: a start tag may span several."""
        offset, line = self.tag
        found = re.compile(rb"[\s:]" + re.escape(name.encode()) + rb"\s*=").search(self.data,
                                                                                 offset)
        return line + self.data.count(b"\n", offset, found.start()) if found else line

    def _css(self, text: str, line: int = 0) -> None:
        for match in CSS_REFERENCE.finditer(text):
            reference = IGNORED_IN_ADDRESS.sub("", match.group(1))
            if OTHER_HOST.match(reference):
                self._add(_other_host(match.group(1)), line)
            elif SCRIPT_SCHEME.match(reference):
                self._add(f'the style refers to "{match.group(1)}", a javascript: link, '
                          "which runs a script; remove it", line)

    def _text(self, text: str) -> None:
        if self.style is not None:
            self.style[1].append(text)

    def _end(self, name: str) -> None:
        if self.style is not None and name.rpartition(" ")[2] == "style":
            self._css("".join(self.style[1]), self.style[0])
            self.style = None


def _other_host(reference: str) -> str:
    return (f'"{reference}" is on another host, which every reader\'s browser would ask for it; '
            "copy the file into content/ and link it relatively")

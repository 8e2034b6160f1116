"""Write the JSON Schemas of framework/schema/ from the fields the build checks YAML files with.

Editors' YAML language servers read these schemas (`# yaml-language-server: $schema=...` on a
file's first line) for completion and early warnings. After changing a `Field` in
handbook/framework.py or handbook/config.py, run `python -m handbook.schema` in the project's
folder (it writes framework/schema/ there); tests/test_schema.py fails while a committed schema
differs from what this module writes. `handbook new` copies the same schemas into a new project,
and a build warns when a project's copies differ from the installed generator's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .config import SITE_FIELDS
from .fields import MAIL_ADDRESS, PAGE_ADDRESS, WEB_ADDRESS, Field
from .framework import FRAMEWORK_FIELDS, FUNCTION_FIELDS
from .framework_texts import TRANSLATION_FIELDS
from .model import ID_PATTERN
from .problems import Report
from .records import dataclass
from .sources import Project
from .version import VERSION

SHOWN_FOLDER = "framework/schema"
COMMAND = "python -m handbook.schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
KIND_ABOUT = {
    "id": "A stable id: lower-case letters, digits and single hyphens. URLs, saved assessments "
          "and exports use it; never change it when a name changes.",
    "url": "A web address starting with https:// (or http://); javascript:, data: and other "
           "schemes are refused.",
}


@dataclass(frozen=True)
class Document:
    """One kind of YAML file: its schema's file name, title, description and fields."""

    name: str
    title: str
    about: str
    fields: dict


DOCUMENTS = (
    Document("framework.schema.json", "Maturity framework (framework/framework.yaml)",
             "Metadata, the ordered levels and the ordered list of function ids of a framework "
             "published with the Partnering Handbook generator.", FRAMEWORK_FIELDS),
    Document("function.schema.json", "Business function (framework/functions/<id>.yaml)",
             "One business function: its stable id (the file's name), name, summary and a "
             "short descriptor per level (the matrix cells).", FUNCTION_FIELDS),
    Document("site.schema.json", "Site configuration (content/site.yaml)",
             "The publisher's identity and settings: applied without changing the generator "
             "or the theme.", SITE_FIELDS),
    Document("translation.schema.json",
             "Framework texts in another language (framework/translations/<language>.yaml)",
             "The framework's texts in one language of the site, keyed by the ids of "
             "framework/framework.yaml and framework/functions/; a text left out shows in the "
             "default language.", TRANSLATION_FIELDS),
)


def document_schema(document: Document) -> dict:
    """Return the JSON Schema of one kind of YAML file."""
    head = {"$schema": DRAFT, "$id": document.name,
            "$comment": f"Written by `{COMMAND}` from the fields the build checks with; "
                        "edit those, not this file.",
            "title": document.title, "description": document.about}
    return head | field_schema(Field("mapping", keys=document.fields))


def field_schema(field: Field) -> dict:
    """Return the JSON Schema of one field's value."""
    about = field.about or KIND_ABOUT.get(field.kind, "")
    schema = {"description": about} if about else {}
    return schema | KINDS[field.kind](field)


def _text(field: Field) -> dict:
    """Text, never empty: an empty value is a missing one, or a setting that does nothing."""
    if field.choices:
        return {"enum": list(field.choices)}
    if field.pattern is not None:
        return {"type": "string", "pattern": ecma_pattern(field.pattern)}
    return {"type": "string", "minLength": 1}


def _link(field: Field) -> dict:
    """A web address, an e-mail address or a page of the handbook, as the build allows."""
    either = "|".join(ecma_pattern(pattern)[1:-1] for pattern in
                      (WEB_ADDRESS, MAIL_ADDRESS, PAGE_ADDRESS))
    return {"type": "string", "pattern": f"^({either})$"}


def _list(field: Field) -> dict:
    schema: dict = {"type": "array"}
    if field.least:
        schema["minItems"] = field.least
    if field.unique:
        schema["uniqueItems"] = True
    if field.each is not None:
        schema["items"] = field_schema(field.each)
    return schema


def _mapping(field: Field) -> dict:
    schema: dict = {"type": "object"}
    if field.least:
        schema["minProperties"] = field.least
    if field.names is not None:
        schema["propertyNames"] = field_schema(field.names)
    if field.keys is not None:
        schema["additionalProperties"] = False
        required = [key for key, spec in field.keys.items() if spec.required]
        if required:
            schema["required"] = required
        schema["properties"] = {key: field_schema(spec) for key, spec in field.keys.items()}
    elif field.each is not None:
        schema["additionalProperties"] = field_schema(field.each)
    return schema


KINDS = {
    "text": _text,
    "id": lambda field: {"type": "string", "pattern": ecma_pattern(ID_PATTERN)},
    "url": lambda field: {"type": "string", "pattern": ecma_pattern(WEB_ADDRESS)},
    "link": _link,
    "number": lambda field: {"type": "number"},
    "bool": lambda field: {"type": "boolean"},
    "list": _list,
    "mapping": _mapping,
    "any": lambda field: {},
}


def ecma_pattern(pattern: re.Pattern) -> str:
    """Return a Python pattern as JSON Schema writes it: without flags, so [Hh] for h."""
    if not pattern.flags & re.IGNORECASE:
        return pattern.pattern
    written, escaped, in_class = [], False, False
    for char in pattern.pattern:
        if not escaped and char.isalpha() and not in_class:
            char = f"[{char.upper()}{char.lower()}]"
        elif not escaped and char in "[]":
            in_class = char == "["
        escaped = not escaped and char == "\\"
        written.append(char)
    return "".join(written)


def render(document: Document) -> str:
    """Return a schema file's text: two-space indents in the fields' order, a final newline."""
    return json.dumps(document_schema(document), indent=2, ensure_ascii=False) + "\n"


def check_schema_copies(project: Project, report: Report) -> None:
    """Warn about each schema of the project's framework/schema/ that the installed one differs from."""
    folder = project.root / SHOWN_FOLDER
    for document in DOCUMENTS:
        path = folder / document.name
        # read as text: a checkout with Windows line endings holds the same schema
        if path.is_file() and _text_of(path) != render(document):
            report.warn(project.show(path), 0, f"differs from the schema of the installed "
                        f"generator {VERSION}, so editors' YAML tools check other rules than the "
                        f"build; run  {COMMAND}  in the project's folder to copy the installed "
                        "one")


def _text_of(path: Path) -> str:
    """Return a file's text, or "" when it cannot be read as UTF-8 (a copy that differs)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def write(folder: Path) -> list[str]:
    """Write every schema whose file differs from its fields; return their names."""
    written = []
    for document in DOCUMENTS:
        path = folder / document.name
        text = render(document)
        if _text_of(path) != text:
            path.write_text(text, encoding="utf-8")
            written.append(document.name)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the schemas into the project named (default: the current folder); say which changed."""
    args = sys.argv[1:] if argv is None else argv
    project = Path(args[0] if args else ".")
    if not (project / "framework").is_dir():
        print(f"error: {project} has no framework/ folder; run {COMMAND} in the folder that "
              "holds framework/ and content/, or name it", file=sys.stderr)
        return 2
    folder = project / SHOWN_FOLDER
    folder.mkdir(exist_ok=True)
    written = write(folder)
    for name in written:
        print(f"wrote {SHOWN_FOLDER}/{name}")
    if not written:
        print(f"the schemas in {SHOWN_FOLDER}/ are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

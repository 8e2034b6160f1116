"""The published JSON Schemas describe the YAML files that the generator accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, SECOND

SCHEMAS = REPO / "framework" / "schema"


def _schema(name: str) -> dict:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _documents(project: Path):
    yield "framework.schema.json", project / "framework" / "framework.yaml"
    for path in sorted((project / "framework" / "functions").glob("*.yaml")):
        yield "function.schema.json", path
    yield "site.schema.json", project / "content" / "site.yaml"


@pytest.mark.parametrize("project", [REPO, SECOND], ids=["handbook", "second"])
def test_every_yaml_file_validates_and_names_its_schema(project):
    for schema_name, path in _documents(project):
        text = path.read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        referenced = (path.parent / first_line.split("=", 1)[1].strip()).resolve()
        assert referenced == (SCHEMAS / schema_name).resolve(), path
        jsonschema.validate(yaml.safe_load(text), _schema(schema_name))


def test_schema_rejects_what_the_generator_rejects():
    schema = _schema("framework.schema.json")
    valid = yaml.safe_load((REPO / "framework" / "framework.yaml").read_text(encoding="utf-8"))
    for broken in ({**valid, "levels": valid["levels"][:1]},
                   {**valid, "id": "Not An Id"},
                   {**valid, "functions": []},
                   {**valid, "colour": "red"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)

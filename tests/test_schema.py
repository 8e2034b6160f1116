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
    for path in sorted((project / "framework" / "translations").glob("*.yaml")):
        yield "translation.schema.json", path


@pytest.mark.parametrize("project", [REPO, SECOND], ids=["handbook", "second"])
def test_every_yaml_file_validates_and_names_its_schema(project):
    for schema_name, path in _documents(project):
        text = path.read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        referenced = (path.parent / first_line.split("=", 1)[1].strip()).resolve()
        assert referenced == (SCHEMAS / schema_name).resolve(), path
        jsonschema.validate(yaml.safe_load(text), _schema(schema_name))


def test_the_committed_schemas_are_the_ones_the_fields_give():
    from handbook.schema import DOCUMENTS, render
    assert sorted(path.name for path in SCHEMAS.glob("*.json")) == sorted(d.name for d in DOCUMENTS)
    stale = [document.name for document in DOCUMENTS
             if (SCHEMAS / document.name).read_text(encoding="utf-8") != render(document)]
    assert stale == [], (f"framework/schema/{', '.join(stale)}: not what the fields the build "
                         "checks with give; run  .venv/bin/python -m handbook.schema  and commit")


def test_schema_rejects_what_the_generator_rejects():
    schema = _schema("framework.schema.json")
    valid = yaml.safe_load((REPO / "framework" / "framework.yaml").read_text(encoding="utf-8"))
    for broken in ({**valid, "levels": valid["levels"][:1]},
                   {**valid, "id": "Not An Id"},
                   {**valid, "functions": []},
                   {**valid, "colour": "red"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


# Addresses in settings: what the build accepts, the schemas accept, and nothing else.
ADDRESSES = {
    "https://example.org/": ("url", "link"), "http://example.org/a?b=c#d": ("url", "link"),
    "HTTPS://EXAMPLE.ORG": ("url", "link"), "mailto:info@example.org": ("link",),
    "about.md": ("link",), "guide/index.md#start": ("link",),
    "javascript:alert(1)": (), "JaVaScRiPt:alert(1)": (), "data:text/html,<script>x</script>": (),
    "vbscript:msgbox(1)": (), "ftp://example.org/": (), "https://": (), "//example.org/": (),
    "https://exa mple.org/": (), "/about.md": (),
}


def _site_with(url_key: str, url: str) -> dict:
    if url_key == "link":
        return {"footer_links": [{"label": "Contact", "url": url}]}
    return {"publisher": {"name": "Us", "url": url}, "repository": {"url": url}}


@pytest.mark.parametrize("address", list(ADDRESSES))
def test_schemas_and_build_accept_the_same_addresses(address):
    from handbook.fields import address_allowed
    site, framework = _schema("site.schema.json"), _schema("framework.schema.json")
    valid = yaml.safe_load((REPO / "framework" / "framework.yaml").read_text(encoding="utf-8"))
    for kind in ("url", "link"):
        expected = kind in ADDRESSES[address]
        schema_says = jsonschema.Draft202012Validator(site).is_valid(_site_with(kind, address))
        assert schema_says == expected, (kind, address)
        # Links to pages are resolved later (and "/about.md", "//host" refused there).
        relative = kind == "link" and not address.lower().startswith(("http", "mailto"))
        assert address_allowed(address, kind) == expected or relative, (kind, address)
    licence = {**valid, "licence": {"name": "CC BY 4.0", "url": address}}
    assert jsonschema.Draft202012Validator(framework).is_valid(licence) == ("url" in ADDRESSES[address])


@pytest.mark.parametrize("setting", [{"language": "English"}, {"direction": "up"},
                                     {"base_url": "example.org/handbook/"},
                                     {"colours": {"accent": "blue"}}, {"colours": {"accnt": "#fff"}},
                                     {"repository": {"branch": "main"}},
                                     {"footer_links": [{"label": "", "url": "about.md"}]}])
def test_site_schema_rejects_what_the_build_rejects(setting):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(setting, _schema("site.schema.json"))


def test_schema_refuses_a_logo_from_another_host():
    schema = _schema("site.schema.json")
    for logo in ("https://tracker.example/p.gif", "//tracker.example/p.gif"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"publisher": {"name": "Us", "logo": logo}}, schema)
    jsonschema.validate({"publisher": {"name": "Us", "logo": "images/logo.svg"}}, schema)

"""The JSON Schemas of the source kinds: valid schemas, up to date, and true to the examples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, ROOTS

from brief_builder.app.cli import main
from brief_builder.sources.schema import FOLDER, FOLDERS, file_name, render_schemas, schema_for, undocumented
from brief_builder.sources.yaml import read_yaml

SCHEMAS = REPO / "sources" / FOLDER


def _plain(data: Any) -> Any:
    """YAML data as the JSON an editor's YAML server checks: dates become ISO strings."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


def _sources(root: Path) -> list[tuple[str, Path]]:
    return [
        (kind, path) for kind, folder in FOLDERS.items() for path in sorted((root / folder).glob("*.yaml"))
    ]


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / file_name(kind)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("kind", FOLDERS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.validators.validator_for(schema).check_schema(schema)
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", FOLDERS)
def test_every_field_has_a_description(kind: str) -> None:
    assert undocumented(schema_for(kind)) == []


def test_committed_schemas_are_up_to_date() -> None:
    expected = render_schemas()
    committed = {path.name: path.read_bytes() for path in SCHEMAS.glob("*.schema.json")}
    assert committed == expected, "run `brief schema` and commit sources/.schemas/"


@pytest.mark.parametrize(
    ("kind", "path"),
    [*_sources(REPO / "sources"), *_sources(ROOTS / "minimal" / "sources")],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_every_example_source_follows_its_schema(kind: str, path: Path) -> None:
    doc = read_yaml(path, path.parents[1])
    assert doc.problems == []
    errors = [error.message for error in _validator(kind).iter_errors(_plain(doc.data))]
    assert errors == []


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    validator = _validator("practice")
    good = {"title": "T", "project": "p", "location": {"country": "Italy"}, "summary": "S"}
    assert list(validator.iter_errors(good)) == []
    assert [e.message for e in validator.iter_errors({**good, "evidense_of_success": "x"})] == [
        "Additional properties are not allowed ('evidense_of_success' was unexpected)"
    ]
    assert [e.message for e in validator.iter_errors({**good, "project": "Not An Id"})] == [
        "'Not An Id' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"
    ]
    assert [e.message for e in validator.iter_errors({k: v for k, v in good.items() if k != "summary"})] == [
        "'summary' is a required property"
    ]
    session = _validator("session")
    assert [
        e.message
        for e in session.iter_errors(
            {"title": "T", "date": "20 May", "type": "webinar", "organiser": "O", "format": "online"}
        )
    ] == ["'20 May' is not a 'date'"]


def test_schema_command_writes_every_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", str(tmp_path / "schemas")]) == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(file_name(kind) for kind in FOLDERS)
    assert capsys.readouterr().out == "".join(
        f"wrote {tmp_path / 'schemas' / file_name(kind)}\n" for kind in FOLDERS
    )
    assert (tmp_path / "schemas" / "brief.schema.json").read_bytes() == render_schemas()["brief.schema.json"]


def test_a_brief_needs_sections_unless_its_layout_has_them(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal / "briefs" / "bare.yaml").write_text("title: Bare\n", encoding="utf-8")
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().err == (
        "sources/briefs/bare.yaml:1: sections: expected section rules, since the layout policy-brief has "
        "none, got nothing\n"
        "1 error in 1 file\n"
    )
    (minimal / "briefs" / "bare.yaml").write_text("layout: event-summary\nsession: meeting\n", "utf-8")
    assert main(["-q", "validate", "--sources", str(minimal)]) == 0
    # the schema cannot know a layout's rules; it knows a brief needs a title or a session
    assert list(_validator("brief").iter_errors({"layout": "event-summary", "session": "meeting"})) == []
    assert [e.message for e in _validator("brief").iter_errors({"layout": "event-summary"})] == [
        "{'layout': 'event-summary'} is not valid under any of the given schemas"
    ]
    assert [e.message for e in _validator("brief").iter_errors({"title": "Bare", "sections": []})] == [
        "[] is not valid under any of the given schemas"  # a list of at least one rule, or nothing
    ]

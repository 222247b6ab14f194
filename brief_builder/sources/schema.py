"""Turn the source models into JSON Schemas (draft 2020-12), one file per kind of source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from brief_builder.sources.models import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = ".schemas"
"""Where the schemas live inside a sources folder (dot-folders are ignored by the loader)."""

SINGULAR: dict[str, str] = {
    "projects": "project",
    "sessions": "session",
    "practices": "practice",
    "recommendations": "recommendation",
    "briefs": "brief",
}
"""Each folder of ``sources/`` and the name of one of its items, as used on the command line."""
FOLDERS: dict[str, str] = {kind: folder for folder, kind in SINGULAR.items()}
"""``session`` -> ``sessions``."""


def file_name(kind: str) -> str:
    """``session`` -> ``session.schema.json``."""
    return f"{kind}.schema.json"


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of the files of one kind (``session``, ``brief``, ...)."""
    model = KINDS[FOLDERS[kind]]
    generated = model.model_json_schema(by_alias=True, mode="validation")
    generated.pop("title", None)
    return {
        "$schema": DIALECT,
        "$comment": f"Generated from {model.__module__}.{model.__name__} by `brief schema`; do not edit.",
        "title": f"brief-builder {kind}",
        **generated,
    }


def render_schemas() -> dict[str, bytes]:
    """File name -> bytes of every schema, stable so the committed copies can be compared."""
    return {
        file_name(kind): (json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n").encode()
        for kind in FOLDERS
    }


def undocumented(schema: dict[str, Any]) -> list[str]:
    """Paths of the properties in ``schema`` that have no description (should be none)."""
    return [path for path, prop in _properties(schema, "") if not prop.get("description")]


def _properties(schema: dict[str, Any], prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in schema.get("$defs", {}).items():
        yield from _properties(definition, f"{name}.")
    for name, prop in schema.get("properties", {}).items():
        yield f"{prefix}{name}", prop

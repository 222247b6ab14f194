"""Turn pydantic validation errors into located problems: ``path:line: field: expected ..., got ...``."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from brief_builder.errors import Problem, describe
from brief_builder.sources.yaml import FieldPath, YamlDocument

EXPECTED = {
    "missing": "a value (this field is required)",
    "string_type": "text",
    "string_too_short": "non-empty text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date like 2021-05-20",
    "date_parsing": "a date like 2021-05-20",
    "date_from_datetime_parsing": "a date like 2021-05-20",
    "date_from_datetime_inexact": "a date like 2021-05-20 without a time",
    "too_short": "at least one entry",
}


def validation_problems(doc: YamlDocument, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    """One problem per invalid field, the alternatives of a union merged into one message."""
    merged: dict[FieldPath, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(doc.data, error["loc"])
        merged.setdefault(path, []).append(error)
    misspelt = _misspelt(merged)
    problems = []
    for path, errors in merged.items():
        if path in misspelt.values():
            continue  # reported at the misspelt key
        if path in misspelt:
            problems.append(doc.problem(path, _misspelt_message(str(path[-1]), str(misspelt[path][-1]))))
        else:
            problems.append(doc.problem(path, _message(doc, model, path, errors)))
    return sorted(problems, key=lambda p: (p.line or 0, p.field))


def _misspelt(merged: dict[FieldPath, list[dict[str, Any]]]) -> dict[FieldPath, FieldPath]:
    """Unknown key -> the missing required field of the same mapping it is a misspelling of."""
    unknown = [path for path, errors in merged.items() if errors[0]["type"] == "extra_forbidden"]
    found: dict[FieldPath, FieldPath] = {}
    for path, errors in merged.items():
        if errors[0]["type"] != "missing" or not path:
            continue
        keys = [str(key[-1]) for key in unknown if key[:-1] == path[:-1] and key not in found]
        close = difflib.get_close_matches(str(path[-1]), keys, n=1, cutoff=0.6)
        if close:
            found[(*path[:-1], close[0])] = path
    return found


def _misspelt_message(key: str, field: str) -> str:
    return f"expected {field!r} (a required field), got unknown key {key!r} (did you mean {field!r}?)"


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Keep the parts of pydantic's location that name keys and indexes of the data.

    Pydantic adds the names of union members (``str``, ``list[...]``) to locations.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(part, int) and isinstance(current, list) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and isinstance(current, dict):
            path.append(part)
            current = current.get(part)
        elif isinstance(part, str) and current is None and not path:
            path.append(part)
    return tuple(path)


def _message(doc: YamlDocument, model: type[BaseModel], path: FieldPath, errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    if first["type"] == "extra_forbidden":
        return _unknown_key(model, path)
    got = describe(first.get("input"))
    if first["type"] == "value_error":
        return str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"expected {EXPECTED['missing']}, got nothing"
    expectations: list[str] = []
    for error in errors:
        text = _expected(error)
        if text not in expectations:
            expectations.append(text)
    return f"expected {' or '.join(expectations)}, got {got}"


def _expected(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "[a-z0-9]+" in pattern:
            return "an id of lowercase letters, digits and hyphens"
        if "[a-z]{2,3}" in pattern:
            return "a language tag like en, fr or pt-BR"
        return f"text matching {pattern}"
    if kind in ("greater_than_equal", "greater_than"):
        sign = ">=" if kind == "greater_than_equal" else ">"
        return f"a number {sign} {ctx.get('ge', ctx.get('gt'))}"
    return EXPECTED.get(kind, str(error["msg"]).lower())


def _unknown_key(model: type[BaseModel], path: FieldPath) -> str:
    key = str(path[-1])
    owner = model_at(model, path[:-1])
    known = sorted(_keys(owner)) if owner else []
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    if known:
        return f"expected one of {', '.join(known)}, got unknown key {key!r}{hint}"
    return f"got unknown key {key!r}"


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model that validates the mapping at ``path`` inside ``model``."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = _field(current, part)
        current = _model_in(field.annotation) if field else None
    return current


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, str):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union, list):
        return None
    return None

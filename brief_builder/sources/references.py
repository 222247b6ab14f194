"""Check that ids named in sources exist: a library -> the problems of its references.

References are read from the raw data of every file, so a file with other errors still
has its references checked, and an id whose file is invalid still counts as existing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from brief_builder.errors import Problem
from brief_builder.sources.models import KINDS
from brief_builder.sources.yaml import FieldPath, YamlDocument

if TYPE_CHECKING:
    from brief_builder.sources.library import Library

REFERENCES: dict[str, list[tuple[FieldPath, tuple[str, ...]]]] = {
    "practices": [(("project",), ("projects",))],
    "sessions": [(("participants", "projects", "*"), ("projects",))],
    "recommendations": [(("evidence", "*"), ("practices", "sessions"))],
    "briefs": [(("session",), ("sessions",))],
}
"""Kind -> (field path, ``*`` for every list entry; kinds whose ids it may name)."""

KIND_NAMES = {"projects": "project", "practices": "practice", "sessions": "session"}


def check_references(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    ids = {kind: set(library.documents.get(kind, {})) | library.broken.get(kind, set()) for kind in KINDS}
    for shared in sorted(ids.get("practices", set()) & ids.get("sessions", set())):
        problems.append(
            library.documents["sessions"][shared].problem(
                (),
                f"expected ids unique across practices and sessions, got {shared!r} in both",
            )
        )
    for kind, references in REFERENCES.items():
        # the ids each field may name, gathered once per field (not once per file)
        fields = [
            (
                pattern,
                set().union(*(ids.get(target, set()) for target in targets)),
                " or ".join(KIND_NAMES[target] for target in targets),
            )
            for pattern, targets in references
        ]
        for doc in library.documents.get(kind, {}).values():
            for pattern, known, what in fields:
                for path, value in _values(doc.data, pattern, ()):
                    if isinstance(value, str) and value not in known:
                        problems.append(_unknown(doc, path, value, known, what))
    return problems


def reference_values(data: Any, pattern: FieldPath) -> list[str]:
    """The ids a file's ``data`` names at ``pattern`` (a field path of ``REFERENCES``)."""
    return [value for _, value in _values(data, pattern, ()) if isinstance(value, str)]


def _values(data: Any, pattern: FieldPath, path: FieldPath) -> Iterator[tuple[FieldPath, Any]]:
    """The values at ``pattern`` in ``data``, with their paths."""
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from _values(value, rest, (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, (*path, head))


def _unknown(doc: YamlDocument, path: FieldPath, value: str, known: set[str], what: str) -> Problem:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return doc.problem(path, f"expected the id of a {what}, got unknown id {value!r}{hint}")

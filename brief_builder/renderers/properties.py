"""Turn a brief's metadata into the document properties a DOCX holds, and warnings for those cut.

Word keeps at most 255 characters in a core property (title, subject, author...). The rule
lives here, outside the DOCX renderer, so that the build can warn about a value cut before
it renders, and a file served by the build cache gets the same warning, without loading
python-docx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from brief_builder.errors import Problem, Severity

if TYPE_CHECKING:
    from brief_builder.outline import Meta, Outline

PROPERTY_LENGTH = 255
"""Longest core property python-docx writes, as Word reads them."""


class Property(NamedTuple):
    """One core property: the brief's field it comes from, its name in the DOCX, its value."""

    field: str
    name: str
    value: str


def core_properties(meta: Meta) -> list[Property]:
    """The text properties of the DOCX of ``meta``'s brief, uncut."""
    return [
        Property("title", "title", meta.title),
        Property("subtitle", "subject", meta.subtitle or ""),
        Property("authors", "author", "; ".join(person.name for person in meta.authors)),
        Property("keywords", "keywords", ", ".join(meta.keywords)),
        Property("id", "identifier", meta.id),
    ]


def cut(value: str) -> str:
    """``value`` as a core property holds it: at most PROPERTY_LENGTH characters, an ellipsis last."""
    return value if len(value) <= PROPERTY_LENGTH else value[: PROPERTY_LENGTH - 1] + "\u2026"


def warnings(outline: Outline) -> list[Problem]:
    """A warning, at the field's line, for each property of the brief's DOCX that ``cut`` shortens."""
    meta = outline.meta
    problems = []
    for prop in core_properties(meta):
        if len(prop.value) > PROPERTY_LENGTH:
            where = meta.sources.get(prop.field) or meta.source
            message = (
                f"expected at most {PROPERTY_LENGTH} characters for the DOCX's {prop.name} property, "
                f"got {len(prop.value):,}: cut"
            )
            problems.append(Problem(where.path, where.line, prop.field, message, Severity.WARNING))
    return problems

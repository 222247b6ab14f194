"""Turn an outline into the warnings that keep a brief from being final: TODO markers, poor alt text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from brief_builder.errors import Problem, Severity
from brief_builder.layouts.fonts import Coverage
from brief_builder.outline import (
    ItemsBlock,
    Outline,
    Provenance,
    TextBlock,
    rich_texts,
)

TODO = re.compile(r"\bTODO\b")
"""The marker authors leave in text still to be written."""
PLACEHOLDER_ALT = re.compile(
    r"(?:logo|logotipo|logotype|logotyp|image|img|picture|bild|imagen|immagine|icon|graphic|figure)?\s*\d*",
    re.IGNORECASE,
)
"""Alt texts that say an image is there, not what it shows ("Logo", "image 1")."""
EXCERPT = 60


def final_warnings(outline: Outline, theme: Mapping[str, object], labels: Mapping[str, str]) -> list[Problem]:
    """Every TODO marker in the brief's text, and its images (the logo) without alt text or with
    one that only says an image is there ("Logo")."""
    problems = [
        Problem(
            where.path,
            where.line,
            field,
            f"expected no TODO marker in a final brief, got {_excerpt(text)}",
            Severity.WARNING,
        )
        for where, field, text in texts(outline)
        if TODO.search(text)
    ]
    logo = str(theme.get("logo") or "").strip()
    alt = labels.get("logo_alt", "").strip()
    if logo and PLACEHOLDER_ALT.fullmatch(alt):
        source = outline.meta.source
        got = repr(alt) if alt else "nothing"
        problems.append(
            Problem(
                source.path,
                source.line,
                "labels.logo_alt",
                f"expected alt text for the logo {logo!r} saying what it shows (the publisher's name), "
                f"got {got}",
                Severity.WARNING,
            )
        )
    return problems


def texts(outline: Outline) -> Iterator[tuple[Provenance, str, str]]:
    """``(provenance, field, text)`` of every text of the outline a reader sees.

    The provenance is that of the field the text came from when the outline knows it (a
    practice's ``summary``), else that of its item or block.
    """
    meta = outline.meta
    yield (*_at(meta.sources.get("title"), meta.source, "title"), meta.title)
    if meta.subtitle:
        yield (*_at(meta.sources.get("subtitle"), meta.source, "subtitle"), meta.subtitle)
    disclaimer = _at(meta.sources.get("disclaimer"), meta.source, "disclaimer")
    yield from ((*disclaimer, text) for text in rich_texts(meta.disclaimer))
    for section in outline.walk():
        if section.title:
            yield section.source, _heading_field(section.source.field), section.title
        for block in section.blocks:
            if isinstance(block, TextBlock):
                where = _at(block.source, block.source, "text")
                yield from ((*where, text) for text in rich_texts(block.content))
            elif isinstance(block, ItemsBlock):
                for item in block.items:
                    if item.title:
                        yield (*_at(item.sources.get("title"), item.source, "title"), item.title)
                    body = _at(item.sources.get("body"), item.source, "text")
                    yield from ((*body, text) for text in rich_texts(item.body))
                    for fact in item.facts:
                        yield (*_at(fact.source, item.source, fact.label.lower()), fact.text)


def _heading_field(rule: str | None) -> str:
    """The field of a section's title: its rule's ``title``, or the ``group_by`` that made the group."""
    if rule is None:
        return "title"
    return rule if rule.endswith(".group_by") else f"{rule}.title"


def _at(field: Provenance | None, fallback: Provenance, name: str) -> tuple[Provenance, str]:
    """The provenance of a text and the field to name: its own when known, else its item's."""
    if field is None:
        return fallback, name
    return field, field.field or name


def _excerpt(text: str) -> str:
    """The words around the first TODO, quoted."""
    match = TODO.search(text)
    start = max(0, match.start() - EXCERPT // 2) if match else 0
    part = " ".join(text[start : start + EXCERPT].split())
    prefix = "..." if start else ""
    suffix = "..." if start + EXCERPT < len(text) else ""
    return f'"{prefix}{part}{suffix}"'


def glyph_warnings(outline: Outline, coverage: Coverage) -> list[Problem]:
    """One warning per field whose text has characters no font of the layout can draw (empty boxes).

    Each names the field and the characters (with their code points), once per field.
    """
    missing: dict[tuple[str, int | None, str], dict[str, None]] = {}
    for where, field, text in texts(outline):
        chars = coverage.missing(text)
        if chars:
            missing.setdefault((where.path, where.line, field), {}).update(dict.fromkeys(chars))
    problems = []
    for (path, line, field), chars in missing.items():
        shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in list(chars)[:8])
        more = f" and {len(chars) - 8} more" if len(chars) > 8 else ""
        message = (
            f"expected characters the layout's fonts can draw, got {shown}{more}: they would show as "
            "empty boxes (install a font that has them, or name one under fallback_fonts: of the layout)"
        )
        problems.append(Problem(path, line, field, message, Severity.WARNING))
    return problems

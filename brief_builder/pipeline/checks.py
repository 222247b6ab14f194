"""Turn an outline into the warnings that keep a brief from being final: TODO markers, missing alt text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from brief_builder.errors import Problem, Severity
from brief_builder.outline import (
    ItemsBlock,
    Outline,
    Provenance,
    TextBlock,
    rich_texts,
)

TODO = re.compile(r"\bTODO\b")
"""The marker authors leave in text still to be written."""
EXCERPT = 60


def final_warnings(outline: Outline, theme: Mapping[str, object], labels: Mapping[str, str]) -> list[Problem]:
    """Every TODO marker in the brief's text, and its images (the logo) without alt text."""
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
    if logo and not labels.get("logo_alt", "").strip():
        source = outline.meta.source
        problems.append(
            Problem(
                source.path,
                source.line,
                "labels.logo_alt",
                f"expected alt text for the logo {logo!r}, got nothing",
                Severity.WARNING,
            )
        )
    return problems


def texts(outline: Outline) -> Iterator[tuple[Provenance, str, str]]:
    """``(provenance, field, text)`` of every text of the outline a reader sees."""
    meta = outline.meta
    yield meta.source, "title", meta.title
    if meta.subtitle:
        yield meta.source, "subtitle", meta.subtitle
    yield from ((meta.source, "disclaimer", text) for text in rich_texts(meta.disclaimer))
    for section in outline.walk():
        if section.title:
            yield section.source, "title", section.title
        for block in section.blocks:
            if isinstance(block, TextBlock):
                yield from ((block.source, "text", text) for text in rich_texts(block.content))
            elif isinstance(block, ItemsBlock):
                for item in block.items:
                    if item.title:
                        yield item.source, "title", item.title
                    yield from ((item.source, "text", text) for text in rich_texts(item.body))
                    yield from ((item.source, fact.label.lower(), fact.text) for fact in item.facts)


def _excerpt(text: str) -> str:
    """The words around the first TODO, quoted."""
    match = TODO.search(text)
    start = max(0, match.start() - EXCERPT // 2) if match else 0
    part = " ".join(text[start : start + EXCERPT].split())
    prefix = "..." if start else ""
    suffix = "..." if start + EXCERPT < len(text) else ""
    return f'"{prefix}{part}{suffix}"'

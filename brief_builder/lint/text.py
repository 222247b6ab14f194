"""Turn an outline into the texts a reader sees, each with the field it came from, in reading order."""

from __future__ import annotations

from collections.abc import Iterator

from brief_builder.outline import ItemsBlock, Outline, Provenance, TextBlock
from brief_builder.richtext import Paragraph, RichBlock, Run, rich_runs, rich_texts


def texts(outline: Outline) -> Iterator[tuple[Provenance, str, str]]:
    """``(provenance, field, text)`` of every text of the outline a reader sees, in reading order
    (title, subtitle, the sections, the closing disclaimer).

    The provenance is that of the field the text came from when the outline knows it (a
    practice's ``summary``), else that of its item or block.
    """
    meta = outline.meta
    yield (*_at(meta.sources.get("title"), meta.source, "title"), meta.title)
    if meta.subtitle:
        yield (*_at(meta.sources.get("subtitle"), meta.source, "subtitle"), meta.subtitle)
    for section in outline.walk():
        if section.title:
            yield section.source, _heading_field(section.source.field), section.title
        for block in section.blocks:
            for where, field, blocks in _block_texts(block):
                yield from ((where, field, text) for text in rich_texts(blocks))
            if isinstance(block, ItemsBlock):
                for item in block.items:
                    for fact in item.facts:
                        yield (*_at(fact.source, item.source, fact.label.lower()), fact.text)
    disclaimer = _at(meta.sources.get("disclaimer"), meta.source, "disclaimer")
    yield from ((*disclaimer, text) for text in rich_texts(meta.disclaimer))


def runs(outline: Outline) -> Iterator[tuple[Provenance, str, Run]]:
    """``(provenance, field, run)`` of every formatted run of the outline's rich texts (links among them)."""
    meta = outline.meta
    for section in outline.walk():
        for block in section.blocks:
            for where, field, blocks in _block_texts(block):
                yield from ((where, field, run) for run in rich_runs(blocks))
    disclaimer = _at(meta.sources.get("disclaimer"), meta.source, "disclaimer")
    yield from ((*disclaimer, run) for run in rich_runs(meta.disclaimer))


def _block_texts(block: TextBlock | ItemsBlock) -> Iterator[tuple[Provenance, str, list[RichBlock]]]:
    """The rich texts of a block: its own text, or each item's title (as a paragraph-less text) and body."""
    if isinstance(block, TextBlock):
        yield (*_at(block.source, block.source, "text"), block.content)
        return
    for item in block.items:
        if item.title:
            title = _at(item.sources.get("title"), item.source, "title")
            yield (*title, [Paragraph(runs=[Run(text=item.title)])])
        yield (*_at(item.sources.get("body"), item.source, "text"), item.body)


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

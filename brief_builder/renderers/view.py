"""What every format shows the same way: dates, table cells, numbered source notes, draft marks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from brief_builder.dates import format_date
from brief_builder.outline import Citation, Fact, Item, ItemsBlock, Outline
from brief_builder.renderers import Stamp
from brief_builder.richtext import ALLOWED_SCHEMES

LINK_SCHEMES = ALLOWED_SCHEMES
"""Schemes a link in any format may use (those sources may use); other targets become plain text."""

STAMP_SEPARATOR = " \u00b7 "


def watermark_text(labels: Mapping[str, str]) -> str:
    """The word across a draft's pages: the ``watermark`` label, else the ``draft`` one in capitals."""
    return labels.get("watermark") or labels.get("draft", "Draft").upper()


def stamp_text(stamp: Stamp, language: str, labels: Mapping[str, str]) -> str:
    """A draft's footer stamp: ``Draft · 28 November 2026 · abc1234+dirty``."""
    parts = [labels.get("draft", "Draft"), format_date(stamp.date, language, labels)]
    if stamp.version:
        parts.append(stamp.version)
    return STAMP_SEPARATOR.join(parts)


def fact_for(item: Item, column: str) -> Fact | None:
    """The fact of ``item`` shown in table column ``column`` (matched by label, any case)."""
    wanted = column.casefold()
    return next((fact for fact in item.facts if fact.label.casefold() == wanted), None)


@dataclass(frozen=True)
class Note:
    """A numbered source note that an item's citation points to."""

    number: int
    citation: Citation
    href: str | None
    """Where the note links: the cited item in the brief, else its web address."""

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


def number_notes(outline: Outline, target: Callable[[Citation], str | None]) -> dict[str, list[Note]]:
    """Notes of each section (by anchor), numbered through the brief in reading order.

    A section lists each source once, however many of its items cite it.
    """
    notes: dict[str, list[Note]] = {}
    number = 0
    for section in outline.walk():
        seen: dict[str, Note] = {}
        for block in section.blocks:
            if not isinstance(block, ItemsBlock):
                continue
            for item in block.items:
                for citation in item.citations:
                    if citation.id not in seen:
                        number += 1
                        seen[citation.id] = Note(number, citation, target(citation))
        if seen:
            notes[section.anchor] = list(seen.values())
    return notes


def slug(text: str) -> str:
    """A fragment-safe form of an item id: ``sme/covid/1`` -> ``sme-covid-1``."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "item"


@dataclass
class ItemAnchors:
    """One id per item shown in the brief, given at its first appearance only."""

    anchors: dict[tuple[str, str], str] = field(default_factory=dict)
    placed: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, outline: Outline) -> ItemAnchors:
        taken = {section.anchor for section in outline.walk()}
        anchors: dict[tuple[str, str], str] = {}
        for item in _items(outline):
            key = (item.kind, item.id)
            if key in anchors:
                continue
            anchor = base = f"{item.kind}-{slug(item.id)}"
            counter = 2
            while anchor in taken:
                anchor, counter = f"{base}-{counter}", counter + 1
            taken.add(anchor)
            anchors[key] = anchor
        return cls(anchors=anchors)

    def place(self, item: Item) -> str | None:
        """The id for ``item`` if this is its first appearance in the page, else ``None``."""
        key = (item.kind, item.id)
        if key in self.placed:
            return None
        self.placed.add(key)
        return self.anchors.get(key)

    def target(self, kind: str, item_id: str) -> str | None:
        anchor = self.anchors.get((kind, item_id))
        return f"#{anchor}" if anchor else None


def _items(outline: Outline) -> Iterator[Item]:
    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                yield from block.items


def table_columns(block: ItemsBlock, labels: Mapping[str, str]) -> list[str]:
    """The block's columns, or the title label then every fact label in order of appearance."""
    if block.columns:
        return list(block.columns)
    columns = [labels.get("title", "Title")]
    for item in block.items:
        columns.extend(f.label for f in item.facts if f.label not in columns)
    return columns

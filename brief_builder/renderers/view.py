"""Turn an outline, its layout and the render options into what every format shows alike: the View.

Labels, links, the numbered source notes, item anchors, run-in punctuation, table columns,
dates and the draft marks are decided here, once per render, so that the PDF, the DOCX, the
web page and the Markdown say the same thing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from brief_builder.dates import format_date
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Citation, Fact, Item, ItemsBlock, Outline, Section
from brief_builder.renderers import RenderOptions, Stamp
from brief_builder.richtext import allowed_link

LOGGER = logging.getLogger(__name__)

STAMP_SEPARATOR = " \u00b7 "
RUN_IN_STOPS = ".:!?"
"""A run-in title ending in one of these is followed by its text without another mark."""


@dataclass
class View:
    """What every format shows alike, computed once per render of one brief."""

    outline: Outline
    labels: dict[str, str]
    """The layout's labels in the brief's language, with the outline's own over them."""
    draft: bool
    """Whether the brief renders as a draft: a watermark and a version stamp."""
    stamp: str | None
    """A draft's version stamp (``Draft · 28 November 2026 · abc1234+dirty``), else None."""
    anchors: ItemAnchors
    notes: dict[str, list[Note]]
    """Section anchor -> its numbered source notes."""

    @classmethod
    def of(cls, outline: Outline, layout: Layout, options: RenderOptions) -> View:
        labels = brief_labels(outline, layout)
        draft = options.is_draft(outline.meta)
        stamp = stamp_text(options.stamp, outline.meta.language, labels) if draft and options.stamp else None
        anchors = ItemAnchors.build(outline)
        notes = number_notes(outline, lambda c: anchors.target(c.kind, c.id) or allowed_href(c.href))
        return cls(outline, labels, draft, stamp, anchors, notes)

    def label(self, key: str, default: str) -> str:
        return self.labels.get(key, default)

    def date_text(self) -> str | None:
        """The brief's date in words, in its language (``1 July 2021``)."""
        meta = self.outline.meta
        return format_date(meta.date, meta.language, self.labels) if meta.date else None

    def section_notes(self, section: Section) -> list[Note]:
        return self.notes.get(section.anchor, [])

    def notes_of(self, section: Section, citations: Sequence[Citation]) -> list[Note]:
        """The notes of ``section`` that ``citations`` point to, in the order cited."""
        by_id = {note.citation.id: note for note in self.section_notes(section)}
        return [by_id[c.id] for c in citations if c.id in by_id]

    def watermark(self) -> str:
        return watermark_text(self.labels)

    def table_columns(self, block: ItemsBlock) -> list[str]:
        return table_columns(block, self.labels)


def brief_labels(outline: Outline, layout: Layout) -> dict[str, str]:
    """The labels a brief shows: its layout's in its language, the outline's own over them."""
    return {**layout.labels_for(outline.meta.language), **outline.meta.labels}


def allowed_href(href: str | None) -> str | None:
    """``href`` when a link of any format may point there (a ``#fragment``, or a link sources may
    hold: http, https, mailto); otherwise None, and the text shows without a link."""
    if not href:
        return None
    href = href.strip()
    if href.startswith("#") or allowed_link(href):
        return href
    LOGGER.warning("link target %r dropped: only http, https and mailto links are kept", href)
    return None


def run_in_mark(title: str, mark: str) -> str:
    """The mark between a run-in title and its text: ``mark``, or nothing after punctuation."""
    return "" if title.rstrip()[-1:] in RUN_IN_STOPS else mark


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

    def of(self, item: Item) -> str:
        """The id of ``item`` in the brief (every item shown has one)."""
        return self.anchors[item.kind, item.id]

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

"""Turn an outline, its layout and the render options into what every format shows alike: the View.

Labels, links (and the names assistive technology reads for them), the numbered source
notes, item anchors, run-in punctuation, table columns and captions, dates and the draft
marks are decided here, once per render, so that the PDF, the DOCX, the web page and the
Markdown say the same thing.
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
from brief_builder.richtext import allowed_link, plain_text, rich_runs

LOGGER = logging.getLogger(__name__)

STAMP_SEPARATOR = " \u00b7 "
RUN_IN_STOPS = ".:!?"
"""A run-in title ending in one of these is followed by its text without another mark."""
NOTE_GAP = "\u202f"
"""Narrow no-break space between a text ending in a digit and its note numbers ("COVID-19 3",
never "COVID-193", also to text extraction and screen readers)."""
DEFAULT_LABELS = {
    "source_note": "Source {number}: {title}",
    "more_about": "More information: {title}",
}
"""Patterns of the names links are read out by, for layouts that lack them."""


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
    numbers: dict[tuple[str, int | None, str], int] = field(default_factory=dict)
    """The number of each item of a grouped rule shown numbered: ``(rule path, line, item id)`` -> number."""

    @classmethod
    def of(cls, outline: Outline, layout: Layout, options: RenderOptions) -> View:
        labels = brief_labels(outline, layout)
        draft = options.is_draft(outline.meta)
        stamp = stamp_text(options.stamp, outline.meta.language, labels) if draft and options.stamp else None
        outline = without_repeated_date(outline, labels)
        anchors = ItemAnchors.build(outline)
        notes = number_notes(outline, lambda c: anchors.target(c.kind, c.id) or allowed_href(c.href))
        return cls(outline, labels, draft, stamp, anchors, notes, number_items(outline))

    def label(self, key: str, default: str) -> str:
        return self.labels.get(key, default)

    def date_text(self) -> str | None:
        """The brief's date in words, in its language (``1 July 2021``)."""
        meta = self.outline.meta
        return format_date(meta.date, meta.language, self.labels) if meta.date else None

    def item_number(self, block: ItemsBlock, item: Item) -> int:
        """The number a numbered ``item`` shows: its place among the items its rule placed, the same in
        every group of the rule that shows it (each group does not count from 1 again)."""
        number = self.numbers.get((block.source.path, block.source.line, item.id))
        return number if number is not None else block.items.index(item) + 1

    def section_notes(self, section: Section) -> list[Note]:
        return self.notes.get(section.anchor, [])

    def notes_of(self, section: Section, citations: Sequence[Citation]) -> list[Note]:
        """The notes of ``section`` that ``citations`` point to, by number ("3, 4", never "4, 3")."""
        by_id = {note.citation.id: note for note in self.section_notes(section)}
        return sorted({by_id[c.id] for c in citations if c.id in by_id}, key=lambda note: note.number)

    def note_gap(self, before: str) -> str:
        """What goes between ``before`` and the note numbers after it: NOTE_GAP after a digit."""
        return NOTE_GAP if before.rstrip()[-1:].isdigit() else ""

    def note_name(self, note: Note) -> str:
        """What a link to ``note`` is called (``Source 3: GO4EXPORT``), for screen readers."""
        return self.filled("source_note", number=note.number, title=note.citation.title)

    def more_name(self, item: Item) -> str:
        """What an item's "More information" link is called (``More information: GO4EXPORT``)."""
        return self.filled("more_about", title=item.title or plain_text(item.body)[:80])

    def filled(self, key: str, **values: object) -> str:
        """Label ``key`` with its ``{placeholders}`` filled; the default pattern if the layout's is broken."""
        pattern = self.labels.get(key) or DEFAULT_LABELS[key]
        try:
            return pattern.format(**values)
        except (KeyError, IndexError, ValueError):
            LOGGER.warning("label %s %r: expected placeholders among %s", key, pattern, ", ".join(values))
            return DEFAULT_LABELS[key].format(**values)

    def watermark(self) -> str:
        return watermark_text(self.labels)

    def table_columns(self, block: ItemsBlock) -> list[str]:
        return table_columns(block, self.labels)

    def table(self, block: ItemsBlock) -> TableView:
        """The block's columns, less those with one value in every row: those go to the caption."""
        return table_view(block, self.labels)

    def row_title(self, item: Item) -> str:
        """What heads an item's row in a table: its title, else its text (an objective, a finding)."""
        return item.title or plain_text(item.body)

    def title_href(self, item: Item) -> str | None:
        """Where an item's title links: its page, unless one of its facts links there already."""
        href = allowed_href(item.url)
        return None if href is None or href in _fact_hrefs(item) else href

    def more_href(self, item: Item, title_linked: bool) -> str | None:
        """Where the item's "More information" link goes: its page, when nothing else of the
        item (its title when ``title_linked``, a fact, a link in its text) leads there."""
        href = allowed_href(item.url)
        if href is None or (title_linked and item.title and self.title_href(item) == href):
            return None
        body_links = {allowed_href(run.href) for run in rich_runs(item.body)}
        return None if href in _fact_hrefs(item) or href in body_links else href

    def colophon(self) -> list[Fact]:
        """The lines closing the brief: its authors with their roles. The date shows once, in the
        title block."""
        meta = self.outline.meta
        if not meta.authors:
            return []
        text = "; ".join(str(person) for person in meta.authors)
        return [Fact(label=self.label("authors", "Authors"), text=text)]


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


def without_repeated_date(outline: Outline, labels: Mapping[str, str]) -> Outline:
    """``outline`` without the session detail that repeats the brief's own date (the title block
    shows it): an event summary names its day once."""
    if outline.meta.date is None:
        return outline
    shown = format_date(outline.meta.date, outline.meta.language, labels)

    def repeats(item: Item) -> bool:
        return item.kind == "details" and item.id.endswith("/date") and plain_text(item.body) == shown

    if not any(repeats(item) for block in _blocks(outline) for item in block.items):
        return outline

    def section(old: Section) -> Section:
        blocks = []
        for block in old.blocks:
            if isinstance(block, ItemsBlock):
                items = [item for item in block.items if not repeats(item)]
                if not items:
                    continue
                block = block.model_copy(update={"items": items})
            blocks.append(block)
        return old.model_copy(update={"blocks": blocks, "sections": [section(s) for s in old.sections]})

    return outline.model_copy(update={"sections": [section(s) for s in outline.sections]})


def _blocks(outline: Outline) -> Iterator[ItemsBlock]:
    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                yield block


def _fact_hrefs(item: Item) -> set[str | None]:
    return {allowed_href(fact.href) for fact in item.facts if fact.href}


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


def number_items(outline: Outline) -> dict[tuple[str, int | None, str], int]:
    """The number of every item a ``group_by`` of a numbered display shows, counted through the groups
    of its rule in reading order; an item in two groups keeps its number. (The items of a block of
    no group are numbered from 1 in the block.)"""
    numbers: dict[tuple[str, int | None, str], int] = {}
    counts: dict[tuple[str, int | None], int] = {}
    for section in outline.walk():
        if not (section.source.field or "").endswith(".group_by"):
            continue
        for block in section.blocks:
            if not isinstance(block, ItemsBlock) or block.display != "numbered":
                continue
            rule = (block.source.path, block.source.line)
            for item in block.items:
                if (*rule, item.id) not in numbers:
                    counts[rule] = counts.get(rule, 0) + 1
                    numbers[(*rule, item.id)] = counts[rule]
    return numbers


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


@dataclass(frozen=True)
class TableView:
    """How an items block shows as a table: its columns, and the caption under it."""

    columns: list[str]
    """The title column, then the fact columns whose values differ from row to row."""
    shared: list[Fact]
    """Facts of the columns with one value in every row, shown once in the caption instead."""

    @property
    def caption(self) -> str:
        """``Programme: Interreg Europe`` (several joined with ``; ``), or nothing."""
        return "; ".join(f"{fact.label}: {fact.text}" for fact in self.shared)


def table_view(block: ItemsBlock, labels: Mapping[str, str]) -> TableView:
    """Columns of ``block`` as a table: a column no row has a value in is dropped, and one with the
    same value in every row (of two or more) is shown once, as a caption."""
    title, *others = table_columns(block, labels)
    kept, shared = [title], []
    for column in others:
        facts = [fact_for(item, column) for item in block.items]
        values = {(fact.text, allowed_href(fact.href)) if fact else None for fact in facts}
        if values == {None}:
            continue
        first = facts[0]
        if len(block.items) > 1 and len(values) == 1 and first is not None:
            shared.append(Fact(label=column, text=first.text, href=allowed_href(first.href)))
        else:
            kept.append(column)
    return TableView(columns=kept, shared=shared)


def table_columns(block: ItemsBlock, labels: Mapping[str, str]) -> list[str]:
    """The block's columns, or the title label then every fact label in order of appearance."""
    if block.columns:
        return list(block.columns)
    columns = [labels.get("title", "Title")]
    for item in block.items:
        columns.extend(f.label for f in item.facts if f.label not in columns)
    return columns

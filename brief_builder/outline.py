"""The brief outline: the typed tree of sections and blocks that every renderer reads.

The outline is the only thing renderers see of a brief. It is built by ``rules.merge``
from validated sources, holds final text (Markdown already parsed into runs, labels already
translated) and records for every block the source file and line it came from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from brief_builder.errors import Problem
from brief_builder.richtext import ListBlock, Paragraph, RichBlock, Run, rich_texts
from brief_builder.sources.vocabulary import Display, ItemKind

__all__ = [  # the rich text the outline is made of, named here too: renderers read one module
    "Block",
    "Citation",
    "Display",
    "Fact",
    "Item",
    "ItemKind",
    "ItemsBlock",
    "ListBlock",
    "MergeResult",
    "Meta",
    "Outline",
    "Paragraph",
    "Person",
    "Provenance",
    "RichBlock",
    "Run",
    "Section",
    "TextBlock",
    "field_texts",
    "field_values",
    "person_text",
    "rich_json",
    "rich_texts",
]


ENTRY_FIELD = re.compile(r'\](?: ".*")?$')
"""A field path ending at a list entry (``sections[2] "Why"``), not at one of its keys."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Model):
    """Where a block, an item or one of their texts came from."""

    path: str
    """Source file, relative to the project folder."""
    line: int | None = None
    """1-based line in that file, when known."""
    field: str | None = None
    """The field at that line, as problems name it (``summary``, ``topics[1].findings[2].text``),
    when the text came from one field."""


class Person(Model):
    name: str
    role: str | None = None
    organisation: str | None = None

    def __str__(self) -> str:
        return person_text(self.name, self.role, self.organisation)


def person_text(name: str, role: str | None = None, organisation: str | None = None) -> str:
    """``Name, role, organisation`` with the parts that are given: how every format shows a person."""
    return ", ".join(part for part in (name, role, organisation) if part)


class Fact(Model):
    """A labelled value shown with an item: ``Location: Emilia-Romagna, Italy``."""

    label: str
    text: str
    href: str | None = None
    source: Provenance | None = None
    """The field its text came from, when one field of the item's file."""


class Citation(Model):
    """An item that another item cites as its evidence."""

    id: str
    kind: str
    title: str
    href: str | None = None


class Item(Model):
    """One practice, recommendation, finding, ... as placed by a rule."""

    kind: ItemKind
    id: str
    title: str = ""
    body: list[RichBlock] = []
    facts: list[Fact] = []
    url: str | None = None
    citations: list[Citation] = []
    source: Provenance
    """The item: its file (line 1), or the entry of a session it is."""
    sources: dict[str, Provenance] = {}
    """Where its ``title`` and ``body`` came from, for those taken from one field."""


class TextBlock(Model):
    """Markdown written for the brief itself."""

    type: Literal["text"] = "text"
    content: list[RichBlock]
    source: Provenance


class ItemsBlock(Model):
    """Items placed by one rule, shown in one way."""

    type: Literal["items"] = "items"
    kind: ItemKind
    display: Display
    columns: list[str] = []
    """Header of a table display: the title column, then one per fact label."""
    items: list[Item]
    source: Provenance


Block = Annotated[TextBlock | ItemsBlock, Field(discriminator="type")]


class Section(Model):
    title: str | None = None
    """Heading text; an untitled section adds its blocks to its parent without a heading."""
    anchor: str
    """Unique id within the brief, used for links and bookmarks."""
    level: int
    """Heading level: 1 for a top-level section."""
    role: str | None = None
    """A layout role such as ``key-messages``, which layouts style specially."""
    blocks: list[Block] = []
    sections: list[Section] = []
    source: Provenance

    def walk(self) -> Iterator[Section]:
        yield self
        for section in self.sections:
            yield from section.walk()

    def title_source(self) -> Provenance | None:
        """The field the heading's text came from: the ``title`` of the brief's section entry, when the
        section is one (not a group a rule made, whose heading is a label)."""
        if not self.title or self.source.field is None or not ENTRY_FIELD.search(self.source.field):
            return None
        return Provenance(path=self.source.path, line=self.source.line, field=f"{self.source.field}.title")


class Meta(Model):
    """What the brief says about itself."""

    id: str
    title: str
    subtitle: str | None = None
    date: dt.date | None = None
    status: Literal["draft", "final"] = "draft"
    language: str = "en"
    languages: list[str] = []
    """Every language the brief is published in, its source language first (its editions')."""
    edition: str | None = None
    """The language of this edition when it is a translation (``fr`` for ``BRIEF.fr.pdf``)."""
    layout: str
    authors: list[Person] = []
    disclaimer: list[RichBlock] = []
    keywords: list[str] = []
    theme: dict[str, str] = {}
    """Theme values the brief overrides (colours, fonts, ...)."""
    labels: dict[str, str] = {}
    """Fixed texts of the layout in the brief's language (``contents``, ``page``, ...)."""
    source: Provenance
    sources: dict[str, Provenance] = {}
    """Where its ``title``, ``subtitle`` and ``disclaimer`` came from."""
    rules_layout: str | None = None
    """The layout whose section rules built the outline, when the brief has none of its own."""


class Outline(Model):
    """A brief ready to render."""

    meta: Meta
    sections: list[Section]

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def headings(self) -> list[tuple[int, str, str]]:
        """``(level, title, anchor)`` of every titled section, in order."""
        return [(s.level, s.title, s.anchor) for s in self.walk() if s.title]


def field_values(outline: Outline) -> Iterator[tuple[Provenance, str | list[RichBlock]]]:
    """Every text of the brief that came from one source field, with that field, in reading order."""
    meta = outline.meta
    for name, value in (("title", meta.title), ("subtitle", meta.subtitle), ("disclaimer", meta.disclaimer)):
        source = meta.sources.get(name)
        if source is not None and source.field is not None and value is not None:
            yield source, value
    for section in outline.walk():
        heading = section.title_source()
        if heading is not None and section.title:
            yield heading, section.title
        for block in section.blocks:
            if isinstance(block, TextBlock):
                if block.source.field is not None:
                    yield block.source, block.content
                continue
            for item in block.items:
                for name, value in (("title", item.title), ("body", item.body)):
                    source = item.sources.get(name)
                    if source is not None and source.field is not None:
                        yield source, value
                for fact in item.facts:
                    if fact.source is not None and fact.source.field is not None:
                        yield fact.source, fact.text


def field_texts(outline: Outline) -> dict[tuple[str, str], str]:
    """``(source file, field) -> the compiled text of that field``, for every text from one field.

    Rich text is its runs as JSON (formatting and links count), plain text as it is: two
    compiles of one field give the same text exactly when the field reads the same.
    """
    texts: dict[tuple[str, str], str] = {}
    for source, value in field_values(outline):
        text = value if isinstance(value, str) else rich_json(value)
        texts.setdefault((source.path, str(source.field)), text)
    return texts


def rich_json(blocks: Sequence[RichBlock]) -> str:
    """Rich text as JSON: what tells two compiled texts apart, formatting and links included."""
    return json.dumps([block.model_dump(mode="json") for block in blocks], sort_keys=True, ensure_ascii=False)


@dataclass
class MergeResult:
    """What merging one brief's rules gave: its outline, the problems met, what was placed.

    Defined here rather than with the rules, so that a stored validation can be read back
    without importing the rules and the source models.
    """

    outline: Outline
    problems: list[Problem]
    placed: dict[str, set[str]] = field(default_factory=dict)
    """Kind -> ids of the items some rule placed."""
    available: dict[str, list[str]] = field(default_factory=dict)
    """Kind -> ids of every item of the kinds the brief includes."""

    def unused(self) -> dict[str, list[str]]:
        return {
            kind: [i for i in ids if i not in self.placed.get(kind, set())]
            for kind, ids in self.available.items()
        }

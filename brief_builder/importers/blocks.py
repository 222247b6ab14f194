"""Turn what a document reader found (headings, list items, paragraphs) into uniform blocks.

Every reader (plain text, Markdown, HTML, DOCX) gives a list of :class:`Block`; the one
session parser reads only blocks, so the same content gives the same data whatever the
format. :func:`normalise` then makes paragraphs that are bullets written by hand (``•``,
``-``, ``-``, ``o``, ``*``) into list items, as a plain-text file or a Word file converted
from one has them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

BlockKind = Literal["heading", "item", "paragraph"]


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting: a link target, emphasis."""

    text: str
    href: str | None = None
    italic: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """One heading, list item or paragraph of a document, and where it starts.

    ``line`` is the line of a text or HTML file, or the number of the paragraph in a DOCX
    (every paragraph of the body counted, empty ones too). ``level`` is a heading's level
    (1 for the title), an item's depth in its list (1 for a top-level bullet), 0 for a
    paragraph.
    """

    kind: BlockKind
    runs: tuple[Run, ...]
    line: int
    level: int = 0

    @property
    def text(self) -> str:
        """The block's text without formatting, whitespace collapsed."""
        return collapse("".join(run.text for run in self.runs))

    @property
    def links(self) -> list[Run]:
        return [run for run in self.runs if run.href]


WHITESPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Runs of whitespace (newlines, tabs, non-breaking spaces) as one space, ends stripped."""
    return WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


BULLET = re.compile(r"^\s*(?P<marker>[-\u2013\u2014•·*▪■◦○o§]|\d{1,2}[.)])[ \t\u00a0]+(?=\S)")
"""A bullet typed at the start of a paragraph, followed by at least one space or tab."""
SECOND_LEVEL = frozenset("o◦○")
"""Markers Word and LibreOffice give second-level bullets (``o`` in plain text)."""
THIRD_LEVEL = frozenset("▪■§")


def bullet_level(marker: str) -> int:
    """How deep a hand-typed bullet is: ``o`` second level, ``▪`` third, anything else first."""
    if marker in SECOND_LEVEL:
        return 2
    if marker in THIRD_LEVEL:
        return 3
    return 1


def normalise(blocks: list[Block]) -> list[Block]:
    """Paragraphs that start with a typed bullet become items (the bullet removed); empty blocks go."""
    result = []
    for block in blocks:
        if block.kind == "paragraph":
            block = _typed_bullet(block)
        if block.text:
            result.append(block)
    return result


def _typed_bullet(block: Block) -> Block:
    first = block.runs[0].text if block.runs else ""
    match = BULLET.match(first)
    if not match:
        return block
    runs = (replace(block.runs[0], text=first[match.end() :]), *block.runs[1:])
    return replace(block, kind="item", runs=runs, level=bullet_level(match.group("marker")))

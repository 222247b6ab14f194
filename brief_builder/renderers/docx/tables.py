"""Turn the texts of a table's columns into widths at which Word and LibreOffice break no word.

With the layout's font embedded (``fonts.py``), its advance widths say how wide every word
is set on any machine: each column gets at least its widest word (the header row in bold),
then the room left goes to the columns whose texts are longest. Without the font's file the
widths fall back to an estimate from the number of characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.shared import Pt, Twips

from brief_builder.renderers.docx.fonts import Metrics

WORD_CELL_MARGIN = 108
"""Left and right margin of a table cell Word and LibreOffice lay these tables out with, in twips."""
ROUNDING = 1.03
"""Room for what the advance widths leave out: hinting and the rounding of each program."""
WORD_BREAKS = re.compile(r"\s+|(?<=[/\-\u2013])")
"""Where a cell's text may break: at spaces, and after the slashes and dashes of addresses."""
LONGEST_TEXT_SHARE = 3
"""A column asks for at most 1/3 of the table's width for its longest text."""
COLUMN_TEXT = (6, 40)
"""Bounds, in characters, of the text length a column asks room for (the estimate)."""
LONGEST_WORD = 20
"""Longer words (web addresses) may break rather than squeeze the other columns (the estimate)."""
CHAR_WIDTH = 0.55
"""Average width of a character of table text, as a multiple of its size (the estimate)."""


def measured_widths(
    columns: Sequence[Sequence[str]],
    total: int,
    size: float,
    regular: Metrics,
    bold: Metrics,
    margin: int = WORD_CELL_MARGIN,
) -> list[int]:
    """Widths in EMU summing to ``total`` for ``columns`` (each: its cells' texts, the header
    first, set in bold), with text at ``size`` points in the faces ``regular`` and ``bold``."""
    padding = int(Twips(2 * margin)) + int(Pt(1))
    minimum, desired = [], []
    for texts in columns:
        faces = [bold, *[regular] * (len(texts) - 1)]
        words = [
            (word, face) for text, face in zip(texts, faces, strict=True) for word in WORD_BREAKS.split(text)
        ]
        widest = max((face.width(word, size) for word, face in words if word), default=0.0)
        longest = max((face.width(text, size) for text, face in zip(texts, faces, strict=True)), default=0.0)
        minimum.append(int(Pt(widest * ROUNDING)) + padding)
        desired.append(min(int(Pt(longest * ROUNDING)), total // LONGEST_TEXT_SHARE) + padding)
    return shared_out(total, minimum, desired)


def estimated_widths(
    columns: Sequence[Sequence[str]], total: int, char_width: int, padding: int
) -> list[int]:
    """Widths from the number of characters, for a font the layout does not ship: each column gets
    room for its longest word (up to LONGEST_WORD characters), then for its longest text (capped)."""
    low, high = COLUMN_TEXT
    minimum = [
        min(max((len(word) for text in texts for word in text.split()), default=0), LONGEST_WORD) * char_width
        + padding
        for texts in columns
    ]
    desired = [
        max(min(max((len(text) for text in texts), default=0), high), low) * char_width + padding
        for texts in columns
    ]
    return shared_out(total, minimum, desired)


def shared_out(total: int, minimum: Sequence[int], desired: Sequence[int]) -> list[int]:
    """``total`` shared between columns: each its ``minimum``, the rest by how much more each desires."""
    wanted = [max(want - least, 0) for want, least in zip(desired, minimum, strict=True)]
    spare = total - sum(minimum)
    if spare <= 0:  # words must break somewhere: each column shrinks alike
        widths = [total * least // sum(minimum) for least in minimum]
    else:
        basis = wanted if sum(wanted) else list(minimum)
        widths = [least + spare * share // sum(basis) for least, share in zip(minimum, basis, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def set_column_widths(table: Any, widths: Sequence[int]) -> None:
    """Word reads the width of every cell, LibreOffice that of the grid columns."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width

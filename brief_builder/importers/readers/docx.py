"""Turn a Word document (as Word or LibreOffice save it) into blocks, with python-docx.

- **Headings**: the ``Title`` style (level 1), ``Heading N`` styles, or any paragraph or
  style with an outline level (custom heading styles).
- **List items**: numbering on the paragraph or its style (``w:numPr``; the level is
  ``w:ilvl`` + 1), or a list style by name (``List Bullet``, ``List Number 2``,
  LibreOffice's ``List 1`` ... ``Numbering 3``), the level from the name's digit.
- Everything else is a paragraph; table cells give paragraphs, in reading order.

Hyperlinks and italic or bold runs are kept. A line break inside a paragraph ends a block,
as a new line does in a text file. Positions are paragraph numbers: every paragraph of the
body, empty ones too, counted from 1 in reading order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from brief_builder.errors import Problem, ProblemsError
from brief_builder.importers.blocks import Block, BlockKind, Run

HEADING_STYLE = re.compile(r"^heading (\d)$", re.IGNORECASE)
LIST_STYLE = re.compile(
    r"^(?:list(?: (?:bullet|number|continue|paragraph))?|numbering)(?: (\d))?$", re.IGNORECASE
)
"""Word's ``List Bullet 2``, ``List Number``, ``List Paragraph``; LibreOffice's ``List 1``, ``Numbering 2``"""


def read_docx(data: bytes, display: str) -> list[Block]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ProblemsError(
            [
                Problem(
                    display,
                    None,
                    "",
                    f"expected a Word document (.docx), got a file python-docx cannot open ({exc})",
                )
            ]
        ) from None
    blocks: list[Block] = []
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        kind, level = _kind(paragraph)
        for runs in _lines(paragraph):
            blocks.append(Block(kind, tuple(runs), number, level))
            if kind == "heading":
                kind, level = "paragraph", 0  # a heading broken in two lines: the rest is text
    return blocks


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every paragraph in reading order, those of table cells included (each merged cell once)."""
    from docx.table import Table

    for part in container.iter_inner_content():
        if isinstance(part, Table):
            for row in part.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs(cell)
        else:
            yield part


def _kind(paragraph: Any) -> tuple[BlockKind, int]:
    style = paragraph.style
    names = [s.name or "" for s in _style_chain(style)]
    if names and names[0].lower() == "title":
        return "heading", 1
    for name in names:
        match = HEADING_STYLE.match(name)
        if match:
            return "heading", int(match.group(1))
    outline = _outline_level(paragraph._p.pPr) if paragraph._p.pPr is not None else None
    for s in _style_chain(style):
        if outline is None and s.element.pPr is not None:
            outline = _outline_level(s.element.pPr)
    if outline is not None and outline < 9:
        return "heading", outline + 1
    numbering = _numbering(paragraph._p.pPr)
    if numbering is None:
        for s in _style_chain(style):
            numbering = _numbering(s.element.pPr)
            if numbering is not None:
                break
    named = next((m for m in (LIST_STYLE.match(n) for n in names) if m), None)
    if numbering is not None:
        num_id, ilvl = numbering
        if num_id == 0:  # numbering switched off for this paragraph
            return "paragraph", 0
        if ilvl is not None:
            return "item", ilvl + 1
        return "item", int(named.group(1)) if named and named.group(1) else 1
    if named and (named.group(1) or "paragraph" not in names[0].lower()):
        return "item", int(named.group(1) or 1)
    return "paragraph", 0


def _style_chain(style: Any) -> Iterator[Any]:
    """The style and the styles it is based on."""
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _outline_level(ppr: Any) -> int | None:
    if ppr is None or ppr.outlineLvl is None:
        return None
    return int(ppr.outlineLvl.val)


def _numbering(ppr: Any) -> tuple[int, int | None] | None:
    """``(numId, ilvl)`` of a paragraph or style's numbering, None when it has none."""
    if ppr is None or ppr.numPr is None:
        return None
    num_pr = ppr.numPr
    num_id = int(num_pr.numId.val) if num_pr.numId is not None else None
    ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else None
    if num_id is None and ilvl is None:
        return None
    return (num_id if num_id is not None else -1), ilvl


def _lines(paragraph: Any) -> list[list[Run]]:
    """The paragraph's runs, split where it has line breaks."""
    from docx.text.hyperlink import Hyperlink

    lines: list[list[Run]] = [[]]
    for part in paragraph.iter_inner_content():
        if isinstance(part, Hyperlink):
            href = part.address or None
            for run in part.runs:
                _add_run(lines, run, href)
        else:
            _add_run(lines, part, None)
    return [line for line in lines if any(run.text.strip() for run in line)]


def _add_run(lines: list[list[Run]], run: Any, href: str | None) -> None:
    italic = bool(run.italic) or _char_style(run) in ("emphasis", "intense emphasis")
    bold = bool(run.bold) or _char_style(run) in ("strong",)
    for n, piece in enumerate(run.text.split("\n")):
        if n:
            lines.append([])
        if piece:
            lines[-1].append(Run(piece.replace("\t", " "), href=href, italic=italic, bold=bold))


def _char_style(run: Any) -> str:
    style_id = run._r.style
    if not style_id:
        return ""
    return (run.style.name or "").lower()

"""Turn paragraphs, tables and link targets into the document body in constant time each.

python-docx appends a paragraph or table to the body by searching the body's children for the
closing ``w:sectPr`` to insert before, and relates a hyperlink by comparing it with every
relationship the part holds: both scans grow with the brief, so a brief of 10,000 items took
quadratic time. ``Body`` keeps the ``w:sectPr`` at hand and ``Links`` the targets already
related, so that each paragraph, table and link costs the same at the end as at the start.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.table import CT_Tbl
from docx.table import Table
from docx.text.paragraph import Paragraph


class Body:
    """The document body as a container (``add_paragraph``, ``add_table``) that appends in constant time."""

    def __init__(self, document: Document, style_ids: Mapping[str, str]) -> None:
        self.document = document
        self.style_ids = style_ids
        """Style name -> id: python-docx's lookup by name reads the styles part again each time."""
        self.element = document.element.body
        self.container = document._body  # python-docx's own body: the parent of the new paragraphs
        self.end = self.element.sectPr  # found once; every new block goes before it
        self.width: Any = None
        """The width between the margins, once the page is set up (python-docx searches the body
        for its sections each time it is asked)."""

    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph:
        paragraph = Paragraph(self._append(self.element._new_p()), self.container)
        if text:
            paragraph.add_run(text)
        if style is not None:
            paragraph.style = style
        return paragraph

    def add_table(self, rows: int, cols: int, style: str) -> Table:
        """A table of style ``style`` (a name), its columns sharing the width between the margins."""
        if self.width is None:
            self.width = self.document._block_width
        table = Table(self._append(CT_Tbl.new_tbl(rows, cols, self.width)), self.container)
        table._tbl.tblStyle_val = self.style_ids[style]
        return table

    def _append(self, element: Any) -> Any:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.element.append(element)
        return element


class Links:
    """The relationship id of each external link target of the document, each related once."""

    def __init__(self, document: Document) -> None:
        self.rels = document.part.rels
        self.ids: dict[str, str] = {
            rel.target_ref: r_id
            for r_id, rel in self.rels.items()
            if rel.is_external and rel.reltype == RT.HYPERLINK
        }
        self.next = len(self.rels) + 1

    def relate(self, uri: str) -> str:
        """The id of the hyperlink relationship to ``uri``, added the first time."""
        r_id = self.ids.get(uri)
        if r_id is None:
            while f"rId{self.next}" in self.rels:
                self.next += 1
            r_id = f"rId{self.next}"
            self.rels.add_relationship(RT.HYPERLINK, uri, r_id, is_external=True)
            self.ids[uri] = r_id
        return r_id

"""Turn a brief's View into the paragraphs and tables of a Word document, each wearing a named style.

The Writer walks the outline once, in reading order; ``docx/__init__`` hands it a document
that already holds every style, and packs what it wrote into reproducible bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from docx.document import Document
from docx.shared import Emu, Mm, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from brief_builder.outline import (
    Citation,
    Fact,
    ItemsBlock,
    ListBlock,
    Paragraph,
    Provenance,
    RichBlock,
    Run,
    Section,
    TextBlock,
    field_texts,
)
from brief_builder.renderers.docx import oxml as _oxml
from brief_builder.renderers.docx import styles as docx_styles
from brief_builder.renderers.docx.bidi import bidi_language, direction_pieces, starts_right_to_left
from brief_builder.renderers.docx.body import Body, Links
from brief_builder.renderers.docx.bookmarks import plan_bookmarks
from brief_builder.renderers.docx.origins import Marker
from brief_builder.renderers.docx.oxml import xml_safe
from brief_builder.renderers.docx.places import (
    BODY,
    BOX,
    DISCLAIMER,
    RECOMMENDATION,
    ROLE_STYLES,
    Assets,
    TextStyles,
)
from brief_builder.renderers.docx.styles import (
    TABLE_CELL_MARGIN,
    TABLE_TEXT_SIZE,
    TOC_LEVELS,
    TOC_STYLES,
    WordTheme,
)
from brief_builder.renderers.docx.tables import estimated_widths, measured_widths, set_column_widths
from brief_builder.renderers.docx.watermark import add_text_watermark
from brief_builder.renderers.view import Note, View, allowed_href, fact_for, run_in_mark

TOC_INSTRUCTION = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u \\n'
"""The contents as Word would make them: headings 1-3 as links, without page numbers (\\n), which
is what the field's result already says, so Word has nothing to update when it opens the file."""
URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
"""Characters a link keeps as they are; spaces and non-ASCII letters are percent-encoded."""
FACT_SEPARATOR = " \u00b7 "
META_SEPARATOR = " \u00b7 "
TITLE_SEPARATOR = " \u2014 "
CHAR_WIDTH = 0.55
"""Average width of a character of table text, as a multiple of its size (for a font the layout lacks)."""
CELL_PADDING = Twips(2 * TABLE_CELL_MARGIN)
LOGO_HEIGHT = Mm(12)
WATERMARK_COLOUR = "B00020"
"""Colour of a draft's watermark (drawn faint), the red of the PDF's draft marks."""


class Container(Protocol):
    """Where paragraphs go: the document body or a table cell."""

    def add_paragraph(self, text: str = "", style: Any = None) -> DocxParagraph: ...


class Writer:
    """Walks the outline once and adds its paragraphs and tables to the document in order."""

    def __init__(self, document: Document, view: View, theme: WordTheme, assets: Assets | None = None):
        self.document = document
        self.assets = assets or Assets()
        self.view = view
        self.outline = view.outline
        self.theme = theme
        self.labels = view.labels
        self.numbering = document.part.numbering_part.element
        self.style_ids = {style.name: style.style_id for style in document.styles}
        self.body = Body(document, self.style_ids)
        """Where the body's paragraphs and tables go, each appended in constant time."""
        self.links = Links(document)
        self.bookmarks = plan_bookmarks(view)
        """Bookmark name of every section, item and note anchor: links to ``#anchor`` go there."""
        self.placed: set[str] = set()
        self.marker = Marker(field_texts(self.outline))
        """The hidden bookmarks saying which source field each text came from."""
        self.section: Section | None = None
        """The section being written, whose notes the note numbers point to."""
        self.displays = {
            "boxes": self._boxes,
            "list": self._item_list,
            "numbered": self._recommendations,
            "table": self._table,
            "paragraphs": self._item_paragraphs,
        }

    def write(self) -> None:
        self._page_setup()
        self._title_area()
        if self.theme.toc:
            self._contents()
        for section in self.outline.sections:
            self._section(section, role=None)
        self._colophon()
        meta = self.outline.meta
        self._rich(self.body, meta.disclaimer, DISCLAIMER, meta.sources.get("disclaimer"))

    # -- page, title, contents --------------------------------------------------------------

    def _page_setup(self) -> None:
        """Page size and margins from the theme; running title, no header on page one."""
        section = self.document.sections[0]
        section.page_width, section.page_height = self.theme.page_width, self.theme.page_height
        top, right, bottom, left = self.theme.margins
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
        section.header_distance, section.footer_distance = top // 2, bottom // 2
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        self._style(header, "Header")
        self._runs(header, [Run(text=self.outline.meta.title)])
        if self.view.draft:
            header.add_run("\t" + xml_safe(self.labels.get("draft", "Draft")))
        section.first_page_header.is_linked_to_previous = False
        self._style(section.first_page_header.paragraphs[0], "Header")
        if self.view.draft:
            for number, part in enumerate((section.header, section.first_page_header), start=1):
                add_text_watermark(
                    part.paragraphs[0]._p,
                    self.view.watermark(),
                    number=number,
                    font=self.theme.font_heading,
                    color=WATERMARK_COLOUR,
                    width_pt=Emu(self.theme.text_width).pt * 0.9,
                )
        for footer in (section.footer, section.first_page_footer):
            paragraph = footer.paragraphs[0]
            self._style(paragraph, "Footer")
            self._page_x_of_y(paragraph)
            if self.view.stamp:
                self._paragraph(footer, "Version Stamp", [Run(text=self.view.stamp)])

    def _page_x_of_y(self, paragraph: DocxParagraph) -> None:
        paragraph.add_run(xml_safe(f"{self.labels.get('page', 'Page')} "))
        _oxml.add_field(paragraph._p, "PAGE", "1")
        paragraph.add_run(xml_safe(f" {self.labels.get('of', 'of')} "))
        _oxml.add_field(paragraph._p, "NUMPAGES", "1")

    def _title_area(self) -> None:
        """The logo, the kind of document ("Policy brief"), title, subtitle and byline."""
        meta = self.outline.meta
        if self.assets.logo is not None:
            paragraph = self._paragraph(self.body, "Brief Logo", [])
            picture = paragraph.add_run().add_picture(str(self.assets.logo), height=LOGO_HEIGHT)
            _oxml.describe_picture(picture._inline, self.labels.get("logo_alt", ""))
        kind = self.labels.get("document_type", "")
        if kind:
            self._paragraph(self.body, "Kicker", [Run(text=kind)])
        self._paragraph(self.body, "Title", [Run(text=meta.title)], meta.sources.get("title"))
        if meta.subtitle:
            self._paragraph(self.body, "Subtitle", [Run(text=meta.subtitle)], meta.sources.get("subtitle"))
        parts = []
        if self.view.draft:
            parts.append(self.labels.get("draft", "Draft"))
        if meta.date:
            parts.append(self.view.date_text() or "")
        if meta.authors:
            parts.append(", ".join(person.name for person in meta.authors))
        if parts:
            self._paragraph(self.body, "Brief Meta", [Run(text=META_SEPARATOR.join(parts))])

    def _colophon(self) -> None:
        """The authors with their roles, closing the brief above its disclaimer."""
        lines = self.view.colophon()
        if not lines:
            return
        paragraph = self._paragraph(self.body, "Colophon", [])
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            self._labelled(paragraph, line)

    def _contents(self) -> None:
        """A TOC field whose result already lists every heading, linked to its bookmark.

        The field asks for no page numbers (any number written here would be a guess), so its
        result is what Word computes: Word does not ask to update it when the file opens.
        """
        entries = self.outline.headings()
        if not entries:
            return
        title = self.labels.get("contents", "Contents")
        self._paragraph(self.body, "TOC Heading", [Run(text=title)])
        for index, (level, title, anchor) in enumerate(entries):
            paragraph = self._paragraph(self.body, TOC_STYLES[heading_level(level) - 1], [])
            if index == 0:
                _oxml.begin_field(paragraph._p, TOC_INSTRUCTION)
            name = self.bookmarks[anchor]
            link = _oxml.add_hyperlink(paragraph._p, anchor=name)
            self._text_run(paragraph, Run(text=title), parent=link)
            if index == len(entries) - 1:
                _oxml.end_field(paragraph._p)

    # -- sections and blocks -------------------------------------------------------------

    def _section(self, section: Section, role: str | None) -> None:
        role = section.role or role
        styles = ROLE_STYLES.get(role or "", BODY)
        if section.title:
            style = docx_styles.HEADING_STYLES[heading_level(section.level) - 1]
            heading = self._paragraph(self.body, style, [Run(text=section.title)], section.title_source())
            self._bookmark(heading, section.anchor)
        notes = self.view.section_notes(section)
        self.section = section
        for block in section.blocks:
            if isinstance(block, TextBlock):
                self._rich(self.body, block.content, styles, block.source)
            else:
                self.displays[block.display](block, styles)
        if notes:
            self._notes(notes)
        for child in section.sections:
            self._section(child, role)

    def _rich(
        self,
        into: Container,
        blocks: Iterable[RichBlock],
        styles: TextStyles,
        origin: Provenance | None = None,
    ) -> None:
        """Paragraphs and lists of rich text; each marked as coming from field ``origin``."""
        for block in blocks:
            if isinstance(block, ListBlock):
                self._list(into, block, styles, depth=0, origin=origin)
            else:
                self._paragraph(into, styles.paragraph, block.runs, origin, rich=True)

    def _list(
        self, into: Container, block: ListBlock, styles: TextStyles, depth: int, origin: Provenance | None
    ) -> None:
        style = styles.list_style(block.ordered, depth)
        num_id = self._restart(style, block.start) if block.ordered else None
        for item in block.items:
            lead, rest = split_lead(item)
            paragraph = self._paragraph(into, style, lead.runs if lead else [], origin, rich=True)
            if num_id is not None:
                _oxml.set_numbering(paragraph._p.get_or_add_pPr(), num_id)
            self._list_item_rest(into, rest, styles, depth, origin)

    def _list_item_rest(
        self,
        into: Container,
        blocks: Iterable[RichBlock],
        styles: TextStyles,
        depth: int,
        origin: Provenance | None = None,
    ) -> None:
        """Further paragraphs of a list item, indented like it, and its nested lists."""
        for block in blocks:
            if isinstance(block, ListBlock):
                self._list(into, block, styles, depth + 1, origin)
            else:
                self._paragraph(into, styles.continue_style(depth), block.runs, origin, rich=True)

    # -- items --------------------------------------------------------------------------------

    def _boxes(self, block: ItemsBlock, styles: TextStyles) -> None:
        """Each item in a shaded single-cell table that does not break across pages, under the
        box's label ("Good practice")."""
        kicker = self.labels.get(f"box_{block.kind}", "")
        for item in block.items:
            table = self.body.add_table(rows=1, cols=1, style="Good Practice Box")
            _oxml.set_table_look(table._tbl, header_row=False, banded_rows=False)
            _oxml.keep_row_together(table.rows[0]._tr)
            cell = table.cell(0, 0)
            if kicker:
                self._paragraph(cell, "Box Kicker", [Run(text=kicker)])
            if item.title:
                title = self._paragraph(
                    cell, "Good Practice Title", [Run(text=item.title)], item.sources.get("title")
                )
                self._bookmark(title, self.view.anchors.of(item))
            self._rich(cell, item.body, BOX, item.sources.get("body"))
            if item.facts:
                self._facts(self._paragraph(cell, "Good Practice Facts", []), item.facts)
            _drop_placeholder(cell)
            self._after_table()

    def _item_list(self, block: ItemsBlock, styles: TextStyles) -> None:
        """A bullet per item: bold title, a dash, its text; facts on a line below."""
        for item in block.items:
            lead, rest = split_lead(item.body)
            paragraph = self._paragraph(self.body, styles.list_style(False, 0), [])
            self._bookmark(paragraph, self.view.anchors.of(item))
            if item.title:
                title = [Run(text=item.title, strong=True, href=self.view.title_href(item))]
                self._runs(paragraph, title, origin=item.sources.get("title"))
                if lead:
                    paragraph.add_run(TITLE_SEPARATOR)
            if lead:
                self._runs(paragraph, lead.runs, origin=item.sources.get("body"), rich=True)
            self._list_item_rest(self.body, rest, styles, depth=0, origin=item.sources.get("body"))
            if item.facts:
                facts = self._paragraph(self.body, styles.continue_style(0), [])
                self._facts(facts, item.facts)

    def _recommendations(self, block: ItemsBlock, styles: TextStyles) -> None:
        """Numbered recommendation titles, text, audience, sources. The numbers are the view's: a list
        starts again wherever they do not follow on (an item shown again in a later group)."""
        num_id, previous = 0, None
        for item in block.items:
            number = self.view.item_number(block, item)
            if previous is None or number != previous + 1:
                num_id = self._restart("Recommendation", number)
            previous = number
            if item.title:
                title_runs, body = [Run(text=item.title)], item.body
                title_origin, rich = item.sources.get("title"), False
            else:
                lead, body = split_lead(item.body)
                title_runs = lead.runs if lead else []
                title_origin, rich = item.sources.get("body"), True
            title = self._paragraph(self.body, "Recommendation", title_runs, title_origin, rich=rich)
            self._note_refs(title, item.citations, before="".join(run.text for run in title_runs))
            _oxml.set_numbering(title._p.get_or_add_pPr(), num_id)
            self._bookmark(title, self.view.anchors.of(item))
            self._rich(self.body, body, RECOMMENDATION, item.sources.get("body"))
            for fact in item.facts:
                self._labelled(self._paragraph(self.body, "Audience", []), fact)

    def _note_refs(self, paragraph: DocxParagraph, citations: Sequence[Citation], before: str = "") -> None:
        """Superscript note numbers, each linked to its note at the end of the section; after a
        text ending in a digit, a narrow space first."""
        notes = self.view.notes_of(self.section, citations) if self.section is not None else []
        if notes and self.view.note_gap(before):
            paragraph.add_run(self.view.note_gap(before))
        for index, note in enumerate(notes):
            text = f"{',' if index else ''}{note.number}"
            self._runs(paragraph, [Run(text=text, href=f"#{note.anchor}")], superscript=True)

    def _notes(self, notes: Sequence[Note]) -> None:
        """``Sources`` and the section's numbered notes, each linked to the cited item."""
        self._paragraph(self.body, "Source Note", [Run(text=self.labels.get("sources", "Sources"))])
        for note in notes:
            paragraph = self._paragraph(self.body, "Source Note", [Run(text=f"{note.number}. ")])
            self._runs(paragraph, [Run(text=note.citation.title, href=note.href)])
            self._bookmark(paragraph, note.anchor)

    def _table(self, block: ItemsBlock, styles: TextStyles) -> None:
        """A Projects Table: a repeated header row, then one row per item; the columns with one
        value in every row are said once, in a caption under it."""
        shape = self.view.table(block)
        columns = shape.columns
        table = self.body.add_table(
            rows=1 + len(block.items),
            cols=len(columns),
            style="Projects Table",
        )
        header = table.rows[0]
        _oxml.repeat_as_header(header._tr)
        _oxml.keep_row_together(header._tr)
        for cell, column in zip(header.cells, columns, strict=True):
            self._cell_text(cell, "Table Heading", [Run(text=column)])
        for row, item in zip(table.rows[1:], block.items, strict=True):
            _oxml.keep_row_together(row._tr)
            first, *others = row.cells
            head = [Run(text=self.view.row_title(item), href=self.view.title_href(item))]
            title = self._cell_text(
                first, "Table Text", head, item.sources.get("title") if item.title else None
            )
            self._bookmark(title, self.view.anchors.of(item))
            for cell, column in zip(others, columns[1:], strict=True):
                fact = fact_for(item, column)
                runs = [Run(text=fact.text, href=fact.href)] if fact else []
                self._cell_text(cell, "Table Text", runs, fact.source if fact else None)
        texts = [[cell.text for cell in column.cells] for column in table.columns]
        size = round(self.theme.font_size * TABLE_TEXT_SIZE * 2) / 2
        if self.assets.metrics is not None:
            regular, bold = self.assets.metrics
            widths = measured_widths(texts, self.theme.text_width, size, regular, bold)
        else:
            widths = estimated_widths(texts, self.theme.text_width, Pt(size * CHAR_WIDTH), CELL_PADDING)
        set_column_widths(table, widths)
        if shape.shared:
            caption = self._paragraph(self.body, "Caption", [])
            for index, fact in enumerate(shape.shared):
                if index:
                    caption.add_run("; ")
                self._labelled(caption, fact)
        else:
            self._after_table()

    def _item_paragraphs(self, block: ItemsBlock, styles: TextStyles) -> None:
        """Each item as paragraphs, the first led in by its bold title."""
        style = styles.items
        for item in block.items:
            lead, rest = split_lead(item.body)
            paragraph = self._paragraph(self.body, style, [])
            self._bookmark(paragraph, self.view.anchors.of(item))
            if item.title:
                lead_in = f"{item.title}{run_in_mark(item.title, '.')}"
                self._runs(paragraph, [Run(text=lead_in, strong=True, href=self.view.title_href(item))])
                if lead:
                    paragraph.add_run(" ")
            if lead:
                self._runs(paragraph, lead.runs, origin=item.sources.get("body"), rich=True)
            self._rich(self.body, rest, TextStyles(style), item.sources.get("body"))
            if item.facts:
                self._facts(self._paragraph(self.body, style, []), item.facts)

    def _facts(self, paragraph: DocxParagraph, facts: Sequence[Fact]) -> None:
        """``Project: SCALE UP · Location: Lombardy, Italy`` on one line."""
        for index, fact in enumerate(facts):
            if index:
                paragraph.add_run(FACT_SEPARATOR)
            self._labelled(paragraph, fact)

    def _labelled(self, paragraph: DocxParagraph, fact: Fact) -> None:
        self._runs(paragraph, [Run(text=f"{fact.label}: ", strong=True)])
        self._runs(paragraph, [Run(text=fact.text, href=fact.href)], origin=fact.source)

    def _after_table(self) -> None:
        """A small empty paragraph, without which Word would merge two tables in a row."""
        self._paragraph(self.body, "Spacer", [])

    def _cell_text(
        self, cell: Any, style: str, runs: Sequence[Run], origin: Provenance | None = None
    ) -> DocxParagraph:
        paragraph = cell.paragraphs[0]
        self._style(paragraph, style)
        self._runs(paragraph, runs, origin=origin)
        return paragraph

    # -- paragraphs, runs, links, numbering ----------------------------------------------

    def _paragraph(
        self,
        into: Container,
        style: str,
        runs: Sequence[Run],
        origin: Provenance | None = None,
        rich: bool = False,
    ) -> DocxParagraph:
        """A new paragraph of ``runs``; marked as the text of field ``origin`` (Markdown when ``rich``)."""
        paragraph = into.add_paragraph()
        self._style(paragraph, style)
        self._runs(paragraph, runs, origin=origin, rich=rich)
        if starts_right_to_left("".join(run.text for run in runs)):
            _oxml.set_right_to_left(paragraph._p.get_or_add_pPr())
        return paragraph

    def _style(self, paragraph: DocxParagraph, style: str) -> None:
        """Give ``paragraph`` style ``style`` (by id: python-docx's lookup by name is slow)."""
        paragraph._p.style = self.style_ids[style]

    def _runs(
        self,
        paragraph: DocxParagraph,
        runs: Sequence[Run],
        superscript: bool = False,
        origin: Provenance | None = None,
        rich: bool = False,
    ) -> None:
        """Add ``runs``; runs sharing a link target become one clickable hyperlink. Runs from
        field ``origin`` sit inside its hidden bookmark."""
        mark = self.marker.open(paragraph._p, origin, rich) if runs else None
        self._plain_runs(paragraph, runs, superscript)
        self.marker.close(paragraph._p, mark)

    def _plain_runs(self, paragraph: DocxParagraph, runs: Sequence[Run], superscript: bool) -> None:
        for href, group in itertools.groupby(runs, key=lambda run: run.href):
            target = self._link_target(href) if href else None
            if target is None:
                for run in group:
                    self._text_run(paragraph, run, superscript=superscript)
                continue
            r_id, anchor = target
            link = _oxml.add_hyperlink(paragraph._p, r_id=r_id, anchor=anchor)
            for run in group:
                self._text_run(paragraph, run, parent=link, style="Hyperlink", superscript=superscript)

    def _text_run(
        self,
        paragraph: DocxParagraph,
        run: Run,
        parent: Any = None,
        style: str | None = None,
        superscript: bool = False,
    ) -> None:
        """One Word run per piece of ``run`` in one direction; a right-to-left one marked so, with
        its complex-script formatting and language."""
        if style is None and run.code:
            style = "Code"
        for text, rtl in direction_pieces(xml_safe(run.text)):
            added = paragraph.add_run() if parent is None else DocxRun(parent.add_r(), paragraph)
            added.text = text
            font = added.font
            if run.strong:
                font.bold = True
            if run.em:
                font.italic = True
            if superscript:
                font.superscript = True
            if rtl:
                font.rtl = True
                font.cs_bold, font.cs_italic = (True if run.strong else None), (True if run.em else None)
                _oxml.set_bidi_language(
                    added._r.get_or_add_rPr(), bidi_language(text, self.outline.meta.language)
                )
            if style is not None:
                added._r.style = self.style_ids[style]

    def _link_target(self, href: str) -> tuple[str | None, str | None] | None:
        """(relationship id, None) for a web link, (None, bookmark) for ``#anchor``, else None."""
        allowed = allowed_href(xml_safe(href))
        if allowed is None:
            return None
        href = allowed
        if href.startswith("#"):
            name = self.bookmarks.get(href[1:])
            return (None, name) if name else None
        uri = quote(href, safe=URI_SAFE)
        return self.links.relate(uri), None

    def _bookmark(self, paragraph: DocxParagraph, key: str) -> None:
        """Mark ``paragraph`` as the target of links to ``key``, the first time only."""
        name = self.bookmarks.get(key)
        if name is None or key in self.placed:
            return
        _oxml.add_bookmark(paragraph._p, len(self.placed), name)
        self.placed.add(key)

    def _restart(self, style: str, start: int) -> int:
        """A new list numbered like ``style`` that counts from ``start``."""
        style_num_id = _oxml.numbering_of(self.document.styles[style].element.pPr)
        if style_num_id is None:
            raise ValueError(f"style {style!r} is not numbered")
        return _oxml.restart_list(self.numbering, style_num_id, start)


# -- small pure helpers -------------------------------------------------------------------


def heading_level(level: int) -> int:
    """Word heading level of a section: deeper sections are Heading 3 (and in the TOC)."""
    return min(max(level, 1), TOC_LEVELS)


def split_lead(blocks: Sequence[RichBlock]) -> tuple[Paragraph | None, list[RichBlock]]:
    """The first paragraph of ``blocks`` (if they start with one) and the blocks after it."""
    if blocks and isinstance(blocks[0], Paragraph):
        return blocks[0], list(blocks[1:])
    return None, list(blocks)


def _drop_placeholder(cell: Any) -> None:
    """Remove the empty paragraph a new cell starts with, once the cell holds others."""
    if len(cell.paragraphs) > 1:
        _oxml.remove(cell.paragraphs[0]._p)

"""Tests of work that must stay linear: overlong unbroken runs in the PDF, many items in the DOCX."""

from __future__ import annotations

import io

import docx
import pypdfium2
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from brief_builder.layouts.loader import Layout
from brief_builder.outline import Item, ItemsBlock, Outline, Paragraph, Provenance, Run
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.docx import render as render_docx
from brief_builder.renderers.pdf import render
from brief_builder.renderers.pdf.breaks import (
    BREAK_EVERY,
    LONGEST_RUN,
    ZERO_WIDTH_SPACE,
    with_break_opportunities,
)
from tests.sample_outline import SRC, section, with_paragraph

WORD = "(" * 10_000 + ")" * 10_000


def test_a_run_at_the_limit_is_left_alone() -> None:
    html = f"<p>{'x' * LONGEST_RUN}</p>"
    assert with_break_opportunities(html) is html


def test_an_overlong_run_gets_a_break_opportunity_every_hundred_characters() -> None:
    broken = with_break_opportunities(f"<p class=a>{WORD}</p>")
    assert broken.startswith("<p class=a>") and broken.endswith("</p>")
    pieces = broken[len("<p class=a>") : -len("</p>")].split(ZERO_WIDTH_SPACE)
    assert "".join(pieces) == WORD
    assert {len(piece) for piece in pieces} == {BREAK_EVERY}


@pytest.mark.parametrize(
    "html",
    [
        f'<a href="https://example.org/{"a" * 2000}">x</a>',
        f"<style>:root {{ --x: {'b' * 2000}; }}</style>",
        f"<script>{'c' * 2000}</script>",
        f"<!-- {'d' * 2000} -->",
        f"<p>{'e&amp;' * 1000}</p>",
    ],
)
def test_tags_styles_and_entities_are_never_changed(html: str) -> None:
    assert with_break_opportunities(html) == html


def test_a_pdf_with_a_twenty_thousand_character_word_holds_all_of_it(
    outline: Outline, layout: Layout
) -> None:
    data = render(with_paragraph(outline, Run(text=WORD)), layout, RenderOptions()).data
    document = pypdfium2.PdfDocument(data)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    letters = "".join(char for char in text if char in "()")
    assert WORD in letters


def test_docx_body_keeps_order_and_relates_each_link_once(outline: Outline, layout: Layout) -> None:
    """The constant-time body and link helpers give the document python-docx's own calls gave."""
    items = [
        Item(
            kind="practices",
            id=f"p-{number}",
            title=f"Practice {number}",
            body=[
                Paragraph(runs=[Run(text="See "), Run(text="this", href=f"https://example.org/{number % 7}")])
            ],
            source=Provenance(path=f"sources/practices/p-{number}.yaml", line=1),
        )
        for number in range(60)
    ]
    many = section("Many", "many", 1, ItemsBlock(kind="practices", display="boxes", items=items, source=SRC))
    data = render_docx(
        outline.model_copy(update={"sections": [*outline.sections, many]}), layout, RenderOptions()
    )
    document = docx.Document(io.BytesIO(data.data))
    body = document.element.body
    assert body[-1].tag == qn("w:sectPr")
    texts = [p.text for p in document.paragraphs] + [
        p.text for table in document.tables for cell in table._cells for p in cell.paragraphs
    ]
    titles = [text for text in texts if text.startswith("Practice ")]
    assert titles == [f"Practice {number}" for number in range(60)]
    targets = [
        rel.target_ref
        for rel in document.part.rels.values()
        if rel.is_external and rel.reltype == RT.HYPERLINK
    ]
    assert len(targets) == len(set(targets))
    assert {f"https://example.org/{number}" for number in range(7)} <= set(targets)
    assert len({r_id for r_id in document.part.rels}) == len(document.part.rels)

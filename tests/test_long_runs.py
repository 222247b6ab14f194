"""Tests of overlong unbroken runs: the print HTML gets break opportunities, tags and styles stay alike."""

from __future__ import annotations

import pypdfium2
import pytest

from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline, Run
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.pdf import render
from brief_builder.renderers.pdf.breaks import (
    BREAK_EVERY,
    LONGEST_RUN,
    ZERO_WIDTH_SPACE,
    with_break_opportunities,
)
from tests.sample_outline import with_paragraph

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

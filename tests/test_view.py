"""What every format shows alike (renderers/view.py): note order and names, links given once, table
captions, the date said once; and each format showing it."""

from __future__ import annotations

import io
import re

import docx
import pytest

from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Citation, Fact, Item, ItemsBlock, Outline, Paragraph, Run, Section
from brief_builder.renderers import RenderOptions
from brief_builder.renderers import docx as docx_renderer
from brief_builder.renderers.html import render_html
from brief_builder.renderers.markdown import render as render_markdown
from brief_builder.renderers.view import NOTE_GAP, View
from tests.sample_outline import SRC, para, sample_outline

URL = "https://example.org/a"


def item(kind: str, item_id: str, title: str = "", **fields: object) -> Item:
    return Item(kind=kind, id=item_id, title=title, source=SRC, **fields)


def project(acronym: str, programme: str = "Interreg Europe", **fields: object) -> Item:
    facts = [Fact(label="Title", text=f"{acronym} project"), Fact(label="Programme", text=programme)]
    return item("projects", acronym.lower(), acronym, facts=facts, **fields)


def brief(*blocks: ItemsBlock, date_shown: bool = True) -> Outline:
    base = sample_outline()
    section = Section(title="Things", anchor="things", level=1, blocks=list(blocks), source=SRC)
    meta = base.meta if date_shown else base.meta.model_copy(update={"date": None})
    return Outline(meta=meta, sections=[section])


def block(kind: str, display: str, *items: Item, columns: tuple[str, ...] = ()) -> ItemsBlock:
    if kind == "projects" and not columns:
        columns = ("Acronym", "Title", "Programme")
    return ItemsBlock(kind=kind, display=display, items=list(items), columns=list(columns), source=SRC)


def view_of(outline: Outline, layout: Layout) -> View:
    return View.of(outline, layout, RenderOptions(draft=False))


def recommendation(item_id: str, title: str, *cited: str) -> Item:
    """A recommendation citing practices ``cited`` (``a`` is "Practice A"), in that order."""
    citations = [Citation(id=c, kind="practices", title=f"Practice {c.upper()}") for c in cited]
    return item("recommendations", item_id, title, citations=citations)


CITING = recommendation("act", "Act after COVID-19", "b", "a", "b")
FIRST = recommendation("first", "First", "a", "b")


def test_an_items_notes_come_by_number_and_once(layout: Layout) -> None:
    outline = brief(block("recommendations", "numbered", FIRST, CITING))
    view = view_of(outline, layout)
    section = view.outline.sections[0]
    assert [note.number for note in view.notes_of(section, CITING.citations)] == [1, 2]
    assert view.note_name(view.notes_of(section, CITING.citations)[1]) == "Source 2: Practice B"


def test_a_narrow_space_parts_a_trailing_digit_from_the_note_numbers(layout: Layout) -> None:
    view = view_of(sample_outline(), layout)
    assert view.note_gap("after COVID-19") == NOTE_GAP == "\u202f"
    assert view.note_gap("after COVID") == view.note_gap("") == ""


def test_the_note_name_pattern_is_a_label_of_the_layout(layout: Layout) -> None:
    french = view_of(sample_outline(language="fr"), layout)
    outline = brief(block("recommendations", "numbered", FIRST))
    note = view_of(outline, layout).notes_of(outline.sections[0], FIRST.citations)[0]
    assert french.note_name(note) == "Source 1 : Practice A"
    broken = View(**{**vars(french), "labels": {**french.labels, "source_note": "Source {nombre}"}})
    assert broken.note_name(note) == "Source 1: Practice A"


def test_a_title_links_its_page_unless_a_fact_does(layout: Layout) -> None:
    view = view_of(sample_outline(), layout)
    linked_fact = item("practices", "p", "P", url=URL, facts=[Fact(label="Website", text="a", href=URL)])
    assert view.title_href(linked_fact) is None
    assert view.title_href(item("practices", "q", "Q", url=URL)) == URL
    assert view.title_href(item("practices", "r", "R", url="javascript:x")) is None


def test_more_information_only_when_nothing_else_of_the_item_links_its_page(layout: Layout) -> None:
    view = view_of(sample_outline(), layout)
    in_body = item("resources", "s/1", body=[Paragraph(runs=[Run(text="Report", href=URL)])], url=URL)
    assert view.more_href(in_body, title_linked=True) is None
    titled = item("practices", "p", "P", url=URL)
    assert view.more_href(titled, title_linked=True) is None
    assert view.more_href(titled, title_linked=False) == URL
    by_fact = item("practices", "q", "Q", url=URL, facts=[Fact(label="Website", text="a", href=URL)])
    assert view.more_href(by_fact, title_linked=False) is None
    assert view.more_name(titled) == "More information: P"


def test_a_column_with_one_value_in_every_row_becomes_the_caption(layout: Layout) -> None:
    view = view_of(sample_outline(), layout)
    shape = view.table(block("projects", "table", project("EIS"), project("SIE")))
    assert shape.columns == ["Acronym", "Title"]
    assert shape.caption == "Programme: Interreg Europe"
    differing = view.table(block("projects", "table", project("EIS"), project("SIE", programme="URBACT")))
    assert differing.columns[1:] == ["Title", "Programme"] and differing.shared == []
    alone = view.table(block("projects", "table", project("EIS")))
    assert alone.columns[1:] == ["Title", "Programme"]


def test_a_column_no_row_has_a_value_in_is_dropped(layout: Layout) -> None:
    view = view_of(sample_outline(), layout)
    table = block(
        "projects",
        "table",
        project("EIS"),
        project("SIE", programme="URBACT"),
        columns=(
            "Acronym",
            "Title",
            "Programme",
            "Website",
        ),
    )
    assert view.table(table).columns == ["Acronym", "Title", "Programme"]


def test_a_session_detail_repeating_the_briefs_date_is_left_out(layout: Layout) -> None:
    date = item("details", "meeting/date", "Date", body=[para("30 June 2021")])
    other_day = item("details", "meeting/date", "Date", body=[para("1 July 2021")])
    kind = item("details", "meeting/type", "Event", body=[para("Webinar")])
    view = view_of(brief(block("details", "list", date, kind)), layout)
    assert [i.id for i in view.outline.sections[0].blocks[0].items] == ["meeting/type"]
    view = view_of(brief(block("details", "list", other_day, kind)), layout)
    assert len(view.outline.sections[0].blocks[0].items) == 2
    only_date = view_of(brief(block("details", "list", date)), layout)
    assert only_date.outline.sections[0].blocks == []


def test_the_colophon_names_the_authors_and_leaves_the_date_to_the_title_block(layout: Layout) -> None:
    (line,) = view_of(sample_outline(), layout).colophon()
    assert (line.label, line.text) == ("Authors", "Luc Schmerber, Thematic expert")


# -- every format shows it ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shown() -> Outline:
    """Two projects of one programme, a recommendation citing two notes after a digit."""
    practice_a = item(
        "practices", "a", "Practice A", url=URL, facts=[Fact(label="Website", text="a", href=URL)]
    )
    practice_b = item("practices", "b", "Practice B")
    return brief(
        block("practices", "boxes", practice_a, practice_b),
        block("recommendations", "numbered", CITING),
        block("projects", "table", project("EIS"), project("SIE")),
    )


def test_the_web_page_shows_it(shown: Outline) -> None:
    layout = load_layout("policy-brief")
    html = render_html(shown, layout, RenderOptions(draft=False))
    assert re.search(
        r'COVID-19</strong>\u202f<sup class="note-refs"><a class="note-ref" href="#note-1" '
        r'aria-label="Source 1: Practice B">1</a>, <a [^>]*aria-label="Source 2: Practice A">2</a>',
        html,
    )
    assert '<caption><span class="fact-label">Programme:</span> Interreg Europe</caption>' in html
    assert html.count(f'href="{URL}"') == 1  # the fact, not the title nor "More information"
    assert not re.search(r"<th scope=\"col\">Programme", html)


def test_the_word_document_shows_it(shown: Outline) -> None:
    layout = load_layout("policy-brief")
    document = docx.Document(io.BytesIO(docx_renderer.render(shown, layout, RenderOptions(draft=False)).data))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Recommendation", "Act after COVID-19\u202f1,2") in texts
    assert ("Caption", "Programme: Interreg Europe") in texts
    (table,) = [t for t in document.tables if len(t.columns) > 1]
    assert [cell.text for cell in table.rows[0].cells] == ["Acronym", "Title"]


def test_the_markdown_shows_it(shown: Outline) -> None:
    layout = load_layout("policy-brief")
    text = render_markdown(shown, layout, RenderOptions(draft=False)).data.decode()
    assert "Act after COVID-19**[^1][^2]" in text
    assert "\n\n: Programme: Interreg Europe\n" in text
    assert "| Acronym | Title |\n" in text

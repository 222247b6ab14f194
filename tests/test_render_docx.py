"""Tests of the DOCX renderer: read the document back as python-docx, pandoc and LibreOffice do."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from conftest import libreoffice_pdf
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from brief_builder.errors import ProblemsError
from brief_builder.layouts.loader import Layout
from brief_builder.outline import (
    Item,
    ItemsBlock,
    ListBlock,
    Outline,
    Paragraph,
    Run,
    Section,
    TextBlock,
)
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.docx import render
from brief_builder.renderers.docx.bookmarks import bookmark_name
from brief_builder.renderers.docx.styles import STYLE_NAMES, language_tag
from brief_builder.renderers.docx.tables import estimated_widths
from tests.sample_outline import SRC, para, sample_outline

W_BOOKMARK = qn("w:bookmarkStart")
W_HYPERLINK = qn("w:hyperlink")
BOOKMARK = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")

SAMPLE_PAIRS = [
    ("Brief Logo", ""),
    ("Kicker", "Policy brief"),
    ("Title", "Internationalisation of SMEs"),
    ("Subtitle", "A policy brief"),
    ("Brief Meta", "Draft · 30 June 2021 · Luc Schmerber"),
    ("TOC Heading", "Contents"),
    ("toc 1", "Key messages"),
    ("toc 1", "Lessons from the projects"),
    ("toc 2", "Good practices"),
    ("toc 2", "Insights"),
    ("toc 1", "Recommendations"),
    ("toc 1", "Projects"),
    ("Heading 1", "Key messages"),
    ("Key Messages Bullet", "SMEs are 99% of firms."),
    ("Key Messages Bullet", "Few of them export."),
    ("Heading 1", "Lessons from the projects"),
    ("Normal", "See the platform."),
    ("Heading 2", "Good practices"),
    ("Box Kicker", "Good practice"),
    ("Good Practice Title", "GO4EXPORT"),
    ("Good Practice Body", "Export vouchers for first-time exporters."),
    ("Good Practice Facts", "Project: SCALE UP · Location: Lombardy, Italy · Website: example.org"),
    ("Spacer", ""),
    ("Heading 2", "Insights"),
    ("List Bullet", "The pandemic hit many businesses hard."),
    ("Heading 1", "Recommendations"),
    ("Recommendation", "Tailor support to the firm's export maturity1"),
    ("Recommendation Body", "Regional authorities should segment their offer."),
    ("Audience", "Audience: regional authorities; business support providers"),
    ("Source Note", "Sources"),
    ("Source Note", "1. GO4EXPORT"),
    ("Heading 1", "Projects"),
    ("Table Heading", "Acronym"),
    ("Table Heading", "Title"),
    ("Table Heading", "Programme"),
    ("Table Heading", "Website"),
    ("Table Text", "SCALE UP"),
    ("Table Text", "Scaling up SMEs"),
    ("Table Text", "Interreg Europe"),
    ("Table Text", "scale-up"),
    ("Spacer", ""),
    ("Colophon", "Authors: Luc Schmerber, Thematic expert"),
    ("Disclaimer", "This brief reflects only the authors' views."),
]


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_bytes(layout: Layout) -> bytes:
    return render(sample_outline(), layout, RenderOptions()).data


@pytest.fixture(scope="module")
def sample(sample_bytes: bytes) -> Document:
    return open_docx(sample_bytes)


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def body_paragraphs(document: Document) -> Iterator[DocxParagraph]:
    """Every paragraph of the body in reading order, table cells included."""
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def pairs(document: Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in body_paragraphs(document)]


def content_pairs(document: Document) -> list[tuple[str, str]]:
    """(style, text) of the body, without the colophon and disclaimer that close every brief."""
    closing = {"Colophon", "Disclaimer"}
    return [pair for pair in pairs(document) if pair[0] not in closing]


def outline_with(*sections: Section, title: str = "Brief", **meta: object) -> Outline:
    """The sample's meta (title overridden) around ``sections``."""
    base = sample_outline().meta.model_copy(update={"title": title, **meta})
    return Outline(meta=base, sections=list(sections))


def section(
    title: str | None,
    *blocks: TextBlock | ItemsBlock,
    level: int = 1,
    anchor: str | None = None,
    role: str | None = None,
    children: tuple[Section, ...] = (),
) -> Section:
    return Section(
        title=title,
        anchor=anchor or (title or "untitled").lower().replace(" ", "-"),
        level=level,
        role=role,
        blocks=list(blocks),
        sections=list(children),
        source=SRC,
    )


def text(*blocks: Paragraph | ListBlock) -> TextBlock:
    return TextBlock(content=list(blocks), source=SRC)


def render_outline(outline: Outline, layout: Layout, **options: object) -> bytes:
    return render(outline, layout, RenderOptions(**options)).data


# -- order and styles ---------------------------------------------------------------------


def test_sample_renders_as_styled_paragraphs_in_outline_order(sample: Document) -> None:
    assert pairs(sample) == SAMPLE_PAIRS


def test_every_paragraph_uses_a_named_style_of_the_layout(sample: Document) -> None:
    section_ = sample.sections[0]
    parts = [section_.header, section_.footer, section_.first_page_header, section_.first_page_footer]
    paragraphs = [*body_paragraphs(sample), *(p for part in parts for p in part.paragraphs)]
    assert {p.style.name for p in paragraphs} <= STYLE_NAMES


def test_every_named_style_is_defined(sample: Document) -> None:
    defined = {style.name for style in sample.styles}
    assert defined >= STYLE_NAMES
    assert {"Hyperlink", "Code", "Projects Table", "Good Practice Box"} <= defined


def test_styles_carry_the_theme(sample: Document) -> None:
    styles = sample.styles
    assert str(styles["Heading 1"].font.color.rgb) == "1F3A68"
    assert styles["Normal"].font.name == "Source Sans 3"
    assert styles["Heading 1"].font.name == "Source Sans 3"
    rfonts = styles["Heading 1"].element.rPr.rFonts
    assert rfonts.get(qn("w:asciiTheme")) is None
    assert styles["Normal"].font.size.pt == 10.5
    key_messages = styles["Key Messages"].element.pPr
    assert key_messages.find(qn("w:shd")).get(qn("w:fill")) == "EEF2F8"
    assert key_messages.find(qn("w:pBdr")).find(qn("w:left")).get(qn("w:color")) == "E2A400"


def test_brief_theme_overrides_layout_theme(layout: Layout) -> None:
    outline = sample_outline()
    meta = outline.meta.model_copy(update={"theme": {"primary": "#aa0000"}})
    outline = outline.model_copy(update={"meta": meta})
    document = open_docx(render_outline(outline, layout))
    assert str(document.styles["Heading 1"].font.color.rgb) == "AA0000"


def test_each_theme_in_one_process_starts_from_its_own_styled_template(
    layout: Layout, sample_bytes: bytes
) -> None:
    """The styled template is built once per theme and language, never shared across themes."""
    outline = sample_outline()
    tinted = outline.model_copy(
        update={"meta": outline.meta.model_copy(update={"theme": {"primary": "#aa0000"}})}
    )
    german = outline.model_copy(update={"meta": outline.meta.model_copy(update={"language": "de"})})
    tinted_bytes = render(tinted, layout, RenderOptions()).data
    german_bytes = render(german, layout, RenderOptions()).data
    assert str(open_docx(tinted_bytes).styles["Heading 1"].font.color.rgb) == "AA0000"
    assert 'w:lang w:val="de-DE"' in part_xml(german_bytes, "word/styles.xml")
    assert render(outline, layout, RenderOptions()).data == sample_bytes
    assert str(open_docx(sample_bytes).styles["Heading 1"].font.color.rgb) == "1F3A68"


def test_headings_use_builtin_styles_by_level_clamped_to_three(layout: Layout) -> None:
    deep = section("Deep", text(para("d")), level=4)
    outline = outline_with(
        section(
            "One",
            children=(section("Two", level=2, children=(section("Three", level=3, children=(deep,)),)),),
        )
    )
    document = open_docx(render_outline(outline, layout))
    headings = [
        (p.style.name, p.text) for p in body_paragraphs(document) if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "One"),
        ("Heading 2", "Two"),
        ("Heading 3", "Three"),
        ("Heading 3", "Deep"),
    ]
    contents = [(p.style.name, p.text) for p in body_paragraphs(document) if p.style.name.startswith("toc ")]
    assert contents == [("toc 1", "One"), ("toc 2", "Two"), ("toc 3", "Three"), ("toc 3", "Deep")]
    outline_levels = {
        name: document.styles[name].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
        for name in ("Heading 1", "Heading 2", "Heading 3")
    }
    assert outline_levels == {"Heading 1": "0", "Heading 2": "1", "Heading 3": "2"}


def test_untitled_section_adds_its_text_without_a_heading(layout: Layout) -> None:
    untitled = section(None, text(para("Loose text.")), level=2)
    outline = outline_with(section("Top", children=(untitled,)))
    assert content_pairs(open_docx(render_outline(outline, layout)))[-2:] == [
        ("Heading 1", "Top"),
        ("Normal", "Loose text."),
    ]


def test_document_language_and_labels_come_from_the_brief(layout: Layout) -> None:
    outline = sample_outline(language="fr")
    meta = outline.meta.model_copy(update={"labels": {}})
    data = render_outline(outline.model_copy(update={"meta": meta}), layout)
    styles = part_xml(data, "word/styles.xml")
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert 'w:lang w:val="fr-FR"' in defaults
    assert open_docx(data).core_properties.language == "fr-FR"
    document = open_docx(data)
    assert "30 juin 2021" in dict(pairs(document))["Brief Meta"]
    assert dict(pairs(document))["Kicker"] == "Note d'orientation"
    assert "Sommaire" in [p.text for p in body_paragraphs(document)]
    assert document.sections[0].footer.paragraphs[0].text == "Page 1 sur 1"


# -- table of contents, bookmarks, links -----------------------------------------------------


def test_toc_is_a_field_with_its_entries_written_out(sample_bytes: bytes, sample: Document) -> None:
    document_xml = part_xml(sample_bytes, "word/document.xml")
    assert 'TOC \\o "1-3" \\h \\z \\u \\n' in document_xml
    assert document_xml.count('w:fldCharType="begin"') == document_xml.count('w:fldCharType="end"')
    entries = [p.text for p in body_paragraphs(sample) if p.style.name.startswith("toc ")]
    assert entries == [title for _, title, _ in sample_outline().headings()]
    assert "updateFields" not in part_xml(sample_bytes, "word/settings.xml")  # nothing to update on opening
    assert 'w:dirty="true"' not in document_xml


def test_toc_entries_link_to_bookmarks_on_their_headings(sample: Document) -> None:
    paragraphs = list(body_paragraphs(sample))
    bookmarks = {mark.get(qn("w:name")): p.text for p in paragraphs for mark in p._p.iter(W_BOOKMARK)}
    assert all(BOOKMARK.match(name) for name in bookmarks)
    targets = [
        (link.get(qn("w:anchor")), p.text)
        for p in paragraphs
        if p.style.name.startswith("toc ")
        for link in p._p.iter(W_HYPERLINK)
    ]
    assert targets and all(bookmarks[anchor] == title for anchor, title in targets)


def test_toc_can_be_left_out(layout: Layout) -> None:
    no_toc = Layout(
        name=layout.name, folders=layout.folders, theme={**layout.theme, "toc": False}, labels=layout.labels
    )
    outline = sample_outline()
    brief_says_no = outline.model_copy(
        update={"meta": outline.meta.model_copy(update={"theme": {"toc": "false"}})},
    )
    for data in (
        render(outline, no_toc, RenderOptions()).data,
        render(brief_says_no, layout, RenderOptions()).data,
    ):
        assert "TOC \\o" not in part_xml(data, "word/document.xml")
        assert not [p for p in body_paragraphs(open_docx(data)) if p.style.name.startswith("toc ")]


def test_links_are_real_hyperlinks_to_their_targets(sample: Document) -> None:
    rels = sample.part.rels
    links = {}
    for p in body_paragraphs(sample):
        for link in p._p.iter(W_HYPERLINK):
            r_id = link.get(qn("r:id"))
            text = "".join(t.text for t in link.iter(qn("w:t")))
            links[text] = rels[r_id].target_ref if r_id else "#" + link.get(qn("w:anchor"))
    assert links["the platform"] == "https://example.org"
    assert links["example.org"] == "https://example.org/go4export"
    assert links["scale-up"] == "https://example.org/scale-up"
    assert links["GO4EXPORT"] == "#practices_go4export"  # the citation points at the box
    assert all(
        rels[r].reltype == RT.HYPERLINK and rels[r].is_external
        for r in rels
        if rels[r].reltype == RT.HYPERLINK
    )


def test_link_runs_use_the_hyperlink_style(sample: Document) -> None:
    runs = [
        run
        for p in body_paragraphs(sample)
        if not p.style.name.startswith("toc ")
        for link in p._p.iter(W_HYPERLINK)
        for run in link.iter(qn("w:r"))
    ]
    assert runs
    assert {run.style for run in runs} == {"Hyperlink"}


def test_unsafe_and_relative_links_keep_only_their_text(layout: Layout) -> None:
    runs = [
        Run(text="bad", href="javascript:alert(1)"),
        Run(text=" file", href="file:///etc/passwd"),
        Run(text=" rel", href="other.html"),
        Run(text=" ok", href="mailto:a@example.org"),
        Run(text=" iri", href="https://example.org/a b/été"),
    ]
    outline = outline_with(section("S", text(Paragraph(runs=runs))))
    document = open_docx(render_outline(outline, layout))
    paragraph = next(p for p in body_paragraphs(document) if p.text == "bad file rel ok iri")
    rels = document.part.rels
    targets = [rels[link.get(qn("r:id"))].target_ref for link in paragraph._p.iter(W_HYPERLINK)]
    assert targets == ["mailto:a@example.org", "https://example.org/a%20b/%C3%A9t%C3%A9"]


def test_bookmark_names_follow_word_rules() -> None:
    taken: set[str] = set()
    names = [
        bookmark_name(raw, taken)
        for raw in ("key-messages", "key_messages", "2021-results", "x" * 60, "x" * 60, "réseau/été", "")
    ]
    assert names[:3] == ["key_messages", "key_messages_2", "s_2021_results"]
    assert names[3] == "x" * 40 and names[4] == "x" * 38 + "_2"
    assert names[5] == "reseau_ete"
    assert all(BOOKMARK.match(name) for name in names)


# -- header, footer, page ------------------------------------------------------------------


def test_header_footer_page_numbers_and_title_page(sample_bytes: bytes, sample: Document) -> None:
    section_ = sample.sections[0]
    assert section_.different_first_page_header_footer
    assert section_.header.paragraphs[0].text == "Internationalisation of SMEs\tDraft"
    assert all(not p.text for p in section_.first_page_header.paragraphs)
    for footer in (section_.footer, section_.first_page_footer):
        xml = footer._element.xml
        assert " PAGE " in xml and " NUMPAGES " in xml
        assert footer.paragraphs[0].text.startswith("Page ")

    def mm(length: int) -> float:
        return round(length / Mm(1), 1)

    assert (mm(section_.page_width), mm(section_.page_height)) == (210, 297)
    assert mm(section_.left_margin) == mm(section_.top_margin) == 20


# -- items ---------------------------------------------------------------------------------


def test_tables_have_repeating_header_rows_and_rows_that_do_not_split(sample: Document) -> None:
    box, projects = sample.tables
    assert box.style.name == "Good Practice Box"
    assert projects.style.name == "Projects Table"
    header, *rows = projects.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows)
    rows = [*box.rows, *projects.rows]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_table_style_fills_the_header_row(sample: Document) -> None:
    style = sample.styles["Projects Table"].element
    first_row = style.find(qn("w:tblStylePr"))
    assert first_row.get(qn("w:type")) == "firstRow"
    assert first_row.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == "1F3A68"


def test_numbered_lists_and_recommendation_blocks_restart_at_one(layout: Layout) -> None:
    def ordered(*texts: str) -> ListBlock:
        return ListBlock(ordered=True, items=[[para(t)] for t in texts])

    def recommendations(*titles: str) -> ItemsBlock:
        items = [Item(kind="recommendations", id=t, title=t, source=SRC) for t in titles]
        return ItemsBlock(kind="recommendations", display="numbered", items=items, source=SRC)

    outline = outline_with(
        section(
            "S",
            text(ordered("a1", "a2")),
            text(ordered("b1")),
            recommendations("r1", "r2"),
            recommendations("s1"),
        )
    )
    document = open_docx(render_outline(outline, layout))
    numbering = document.part.numbering_part.element
    num_ids = {}
    for p in body_paragraphs(document):
        if p.text[:1] in "abrs" and p._p.pPr.numPr is not None:
            num_ids[p.text] = p._p.pPr.numPr.numId.val
    assert num_ids["a1"] == num_ids["a2"] != num_ids["b1"]
    assert num_ids["r1"] == num_ids["r2"] != num_ids["s1"]
    for num_id in set(num_ids.values()):
        num = numbering.num_having_numId(num_id)
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_nested_lists_use_level_two_styles(layout: Layout) -> None:
    nested = ListBlock(
        items=[[para("outer"), ListBlock(ordered=True, items=[[para("inner")]]), para("more")]]
    )
    document = open_docx(render_outline(outline_with(section("S", text(nested))), layout))
    assert content_pairs(document)[-3:] == [
        ("List Bullet", "outer"),
        ("List Number 2", "inner"),
        ("List Continue", "more"),
    ]


def test_items_as_list_and_paragraphs(layout: Layout) -> None:
    items = [
        Item(
            kind="resources",
            id="r",
            title="Guide",
            url="https://example.org/guide",
            body=[para("How to export.")],
            source=SRC,
        )
    ]
    outline = outline_with(
        section(
            "S",
            ItemsBlock(kind="resources", display="list", items=items, source=SRC),
            ItemsBlock(kind="findings", display="paragraphs", items=items, source=SRC),
        )
    )
    assert content_pairs(open_docx(render_outline(outline, layout)))[-2:] == [
        ("List Bullet", "Guide — How to export."),
        ("Finding", "Guide. How to export."),
    ]


def test_run_formatting_becomes_bold_italic_and_code(layout: Layout) -> None:
    runs = [Run(text="bold", strong=True), Run(text="italic", em=True), Run(text="code", code=True)]
    outline = outline_with(section("S", text(Paragraph(runs=runs))))
    paragraph = next(
        p for p in body_paragraphs(open_docx(render_outline(outline, layout))) if p.text == "bolditaliccode"
    )
    looks = [(run.text, run.bold, run.italic, run.style.name) for run in paragraph.runs]
    assert looks == [
        ("bold", True, None, "Default Paragraph Font"),
        ("italic", None, True, "Default Paragraph Font"),
        ("code", None, None, "Code"),
    ]


# -- text safety ---------------------------------------------------------------------------


def test_markup_like_text_appears_literally(layout: Layout) -> None:
    tricky = "<script>alert('x')</script> & {{ x }} {% if %} ]]>"
    outline = outline_with(
        section(tricky, text(para(tricky, Run(text=tricky, href="https://e.org/?a=1&b=2")))), title=tricky
    )
    data = render_outline(outline, layout)
    document = open_docx(data)
    texts = [p.text for p in body_paragraphs(document)]
    assert dict(pairs(document))["Title"] == tricky
    assert tricky + tricky in texts
    assert document.core_properties.title == tricky
    assert "&lt;script&gt;" in part_xml(data, "word/document.xml")
    assert "https://e.org/?a=1&amp;b=2" in part_xml(data, "word/_rels/document.xml.rels")


def test_characters_xml_cannot_hold_are_dropped(layout: Layout) -> None:
    dirty = "bell\x07 null\x00 vt\x0b ok\ufffe\ud800"
    outline = outline_with(section(dirty, text(para(dirty))), title=dirty)
    document = open_docx(render_outline(outline, layout))
    texts = [p.text for p in body_paragraphs(document)]
    assert "bell null vt ok" in texts
    assert dict(pairs(document))["Title"] == "bell null vt ok"


# -- package -------------------------------------------------------------------------------


def test_core_properties(sample: Document) -> None:
    properties = sample.core_properties
    assert properties.title == "Internationalisation of SMEs"
    assert properties.subject == "A policy brief"
    assert properties.author == "Luc Schmerber"
    assert properties.keywords == "SME, internationalisation"
    assert properties.language == "en-GB"
    assert properties.created.date().isoformat() == "2021-06-30"
    assert properties.modified == properties.created
    assert properties.comments == ""


def test_timestamp_sets_the_modified_date(layout: Layout) -> None:
    document = open_docx(render_outline(sample_outline(), layout, timestamp=1_700_000_000))
    assert document.core_properties.modified.isoformat().startswith("2023-11-14T22:13:20")
    assert document.core_properties.created.date().isoformat() == "2021-06-30"


def test_rendering_twice_gives_the_same_bytes(sample_bytes: bytes, layout: Layout) -> None:
    assert render(sample_outline(), layout, RenderOptions()).data == sample_bytes


def test_package_is_clean(sample_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]


def test_bad_theme_values_are_reported_together_where_they_were_set(layout: Layout) -> None:
    outline = sample_outline()
    meta = outline.meta.model_copy(update={"theme": {"primary": "navy"}})
    bad_layout = Layout(
        name=layout.name,
        folders=layout.folders,
        theme={**layout.theme, "margin": "wide"},
        labels=layout.labels,
    )
    with pytest.raises(ProblemsError) as caught:
        render(outline.model_copy(update={"meta": meta}), bad_layout, RenderOptions())
    assert [str(problem) for problem in caught.value.problems] == [
        "sources/briefs/sample.yaml:1: theme.primary: expected a colour such as #1f3a68, got 'navy'",
        "layouts/policy-brief/layout.yaml: theme.margin: "
        "expected one to four lengths such as 20mm or '20mm 25mm', got 'wide'",
    ]


def test_language_tags() -> None:
    assert [language_tag(x) for x in ("en", "fr", "fr-be", "pt_BR", "xx")] == [
        "en-GB",
        "fr-FR",
        "fr-BE",
        "pt-BR",
        "xx",
    ]


def test_column_widths_keep_words_whole_and_fill_the_width() -> None:
    columns = [["Acronym", "UpGradeSME"], ["Title", "A long title " * 5], ["Programme", "Interreg"]]
    widths = estimated_widths(columns, total=9000, char_width=100, padding=200)
    assert sum(widths) == 9000
    assert widths[0] >= 10 * 100 + 200 and widths[2] >= 9 * 100 + 200
    assert widths[1] > widths[0]


# -- what readers' software sees -----------------------------------------------------------


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_document(sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(sample_bytes)
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for _, title, _ in sample_outline().headings():
        assert title in result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it_with_every_heading(sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(sample_bytes)
    pdf_text = subprocess.run(
        ["pdftotext", str(libreoffice_pdf(path)), "-"], capture_output=True, text=True, check=True
    ).stdout
    for _, title, _ in sample_outline().headings():
        assert pdf_text.count(title) >= 2, title  # in the contents and as a heading
    assert "GO4EXPORT" in pdf_text and "Page 1 of" in pdf_text


def test_citations_are_superscript_numbers_linked_to_the_sections_notes(sample: Document) -> None:
    (title,) = [p for p in sample.paragraphs if p.style.name == "Recommendation"]
    (link,) = title.hyperlinks
    assert [run.font.superscript for run in link.runs] == [True]
    assert link.text == "1"
    assert link.fragment == "note_1"
    notes = [p.text for p in sample.paragraphs if p.style.name == "Source Note"]
    assert notes == ["Sources", "1. GO4EXPORT"]

"""The pieces of the importers: document readers, people, dates, Markdown and the YAML written."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_builder.errors import Severity
from brief_builder.importers.blocks import Block, Run
from brief_builder.importers.dates import find_dates
from brief_builder.importers.people import parse_people, split_projects
from brief_builder.importers.readers import read_blocks
from brief_builder.importers.richtext import escape, markdown
from brief_builder.importers.slugs import short_slug, slug
from brief_builder.importers.yamltext import dump, scalar
from brief_builder.outline import rich_texts
from brief_builder.richtext import to_rich
from brief_builder.sources.yaml import BIDI_CONTROLS, read_yaml


def _shape(blocks: list[Block]) -> list[tuple[str, int, int, str]]:
    return [(b.kind, b.level, b.line, b.text) for b in blocks]


def test_html_blocks_lines_and_formatting(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Ignored</title></head><body>\n"
        "<h1>Webinar: Vouchers &amp; more</h1>\n"
        "<p>On 3 March 2022, the <em>Platform</em>\n organised a <strong>webinar</strong>.</p>\n"
        "<div>Projects represented: A, B<br>Moderators: none</div>\n"
        "<ul><li>One<ol><li>Nested <a href='https://example.org/x'>link</a></li></ol></li><li>Two</li></ul>\n"
        "<table><tr><td>Cell</td></tr></table><script>var x = '<p>no</p>';</script>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    blocks = read_blocks(path)
    assert _shape(blocks) == [
        ("heading", 1, 2, "Webinar: Vouchers & more"),
        ("paragraph", 0, 3, "On 3 March 2022, the Platform organised a webinar."),
        ("paragraph", 0, 5, "Projects represented: A, B"),
        ("paragraph", 0, 5, "Moderators: none"),
        ("item", 1, 6, "One"),
        ("item", 2, 6, "Nested link"),
        ("item", 1, 6, "Two"),
        ("paragraph", 0, 7, "Cell"),
    ]
    assert markdown(blocks[1].runs) == "On 3 March 2022, the *Platform* organised a **webinar**."
    assert markdown(blocks[5].runs) == "Nested [link](https://example.org/x)"


def test_html_paragraphs_inside_list_items_are_the_items(tmp_path: Path) -> None:
    path = tmp_path / "lo.html"
    path.write_text(
        "<body><ul>\n<li><p>To exchange</p>\n<li><p>To discuss:</p>\n<ul><li><p>Topic</p></li></ul>\n</ul>\n"
        "<h2><div>Resources</div></h2><p>After</p></body>",
        encoding="utf-8",
    )
    assert _shape(read_blocks(path)) == [
        ("item", 1, 2, "To exchange"),
        ("item", 1, 3, "To discuss:"),
        ("item", 2, 4, "Topic"),
        ("heading", 2, 6, "Resources"),
        ("paragraph", 0, 6, "After"),
    ]


def test_docx_styles_numbering_links_and_emphasis(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.add_paragraph("Workshop: Skills", style="Title")
    document.add_paragraph("Participants", style="Heading 1")
    paragraph = document.add_paragraph("Said ", style="Normal")
    paragraph.add_run("clearly").italic = True
    paragraph.add_run(" and ")
    paragraph.add_run("boldly").bold = True
    document.add_paragraph("First", style="List Bullet")
    document.add_paragraph("Second level", style="List Bullet 2")
    document.add_paragraph("Numbered", style="List Number")
    numbered = document.add_paragraph("By numbering", style="Normal")
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "2")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.extend([ilvl, num_id])
    numbered._p.get_or_add_pPr().append(num_pr)
    document.add_paragraph("")
    document.add_paragraph("Line one\nLine two")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left"
    table.cell(0, 1).text = "Right"
    data = io.BytesIO()
    document.save(data)
    path = tmp_path / "summary.docx"
    path.write_bytes(data.getvalue())
    blocks = read_blocks(path)
    assert _shape(blocks) == [
        ("heading", 1, 1, "Workshop: Skills"),
        ("heading", 1, 2, "Participants"),
        ("paragraph", 0, 3, "Said clearly and boldly"),
        ("item", 1, 4, "First"),
        ("item", 2, 5, "Second level"),
        ("item", 1, 6, "Numbered"),
        ("item", 3, 7, "By numbering"),
        ("paragraph", 0, 9, "Line one"),
        ("paragraph", 0, 9, "Line two"),
        ("paragraph", 0, 10, "Left"),
        ("paragraph", 0, 11, "Right"),
    ]
    assert markdown(blocks[2].runs) == "Said *clearly* and **boldly**"


def test_text_and_markdown_lines(tmp_path: Path) -> None:
    text = "Title\n\n• Bullet\n  - Indented\no Second\n▪ Third\n1. Numbered\nPlain *star* line\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.md").write_text(text.replace("Title", "## Title"), encoding="utf-8")
    assert _shape(read_blocks(tmp_path / "a.txt")) == [
        ("paragraph", 0, 1, "Title"),
        ("item", 1, 3, "Bullet"),
        ("item", 2, 4, "Indented"),
        ("item", 2, 5, "Second"),
        ("item", 3, 6, "Third"),
        ("item", 1, 7, "Numbered"),
        ("paragraph", 0, 8, "Plain *star* line"),
    ]
    markdown_blocks = read_blocks(tmp_path / "a.md")
    assert _shape(markdown_blocks)[0] == ("heading", 2, 1, "Title")
    assert _shape(markdown_blocks)[-1] == ("paragraph", 0, 8, "Plain star line")
    assert markdown(markdown_blocks[-1].runs) == "Plain *star* line"
    assert markdown(read_blocks(tmp_path / "a.txt")[-1].runs) == "Plain \\*star\\* line"


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("none", []),
        ("None.", []),
        ("n/a", []),
        (
            "Luc Schmerber and Mart Veliste, thematic experts SME competitiveness",
            [
                {"name": "Luc Schmerber", "role": "Thematic expert, SME competitiveness"},
                {"name": "Mart Veliste", "role": "Thematic expert, SME competitiveness"},
            ],
        ),
        (
            "Anna Berg, Jan Novák and Eva Lind, project managers in Region Västra Götaland",
            [
                {"name": "Anna Berg", "role": "Project manager in Region Västra Götaland"},
                {"name": "Jan Novák", "role": "Project manager in Region Västra Götaland"},
                {"name": "Eva Lind", "role": "Project manager in Region Västra Götaland"},
            ],
        ),
        (
            "Ana Silva, Head of Unit, DG REGIO, European Commission; "
            "José Álvarez, policy officer, Región de Murcia",
            [
                {
                    "name": "Ana Silva",
                    "role": "Head of Unit, DG REGIO",
                    "organisation": "European Commission",
                },
                {"name": "José Álvarez", "role": "Policy officer", "organisation": "Región de Murcia"},
            ],
        ),
        (
            "Zsófia Németh (Hungarian Export Agency)",
            [{"name": "Zsófia Németh", "organisation": "Hungarian Export Agency"}],
        ),
        ("Jan de Vries, adviser (KvK)", [{"name": "Jan de Vries", "role": "Adviser", "organisation": "KvK"}]),
        ("Marie Dupont", [{"name": "Marie Dupont"}]),
    ],
)
def test_people(text: str, people: list[dict[str, str]]) -> None:
    assert parse_people(text) == people


def test_projects() -> None:
    assert split_projects("EIS, INTER VENTURES; SCALE UP and SIE, EIS.") == [
        "EIS",
        "INTER VENTURES",
        "SCALE UP",
        "SIE",
    ]
    assert split_projects("none") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("On 20 May, the", [("20 May", 20, 5, None, None, None, None)]),
        ("on 22-23 November 2018 in", [("22-23 November 2018", 22, 11, 2018, 23, None, None)]),
        ("30 Dec 2020 \u2013 2 Jan 2021", [("30 Dec 2020 \u2013 2 Jan 2021", 30, 12, 2020, 2, 1, 2021)]),
        (
            "May 20th, 2021 and 1 June",
            [("May 20th, 2021", 20, 5, 2021, None, None, None), ("1 June", 1, 6, None, None, None, None)],
        ),
        ("in 2021 and June/July 2021", []),
    ],
)
def test_dates(text: str, found: list[tuple[object, ...]]) -> None:
    assert [
        (d.text, d.day, d.month, d.year, d.end_day, d.end_month, d.end_year) for d in find_dates(text)
    ] == found


def test_a_range_over_new_year_without_a_year() -> None:
    (written,) = find_dates("30 December - 2 January")
    assert written.dates(2021) == (dt.date(2021, 12, 30), dt.date(2022, 1, 2))


def test_ids() -> None:
    assert slug("Émilia-Romagna Go Global (ERGO) 2016\u20132020") == "emilia-romagna-go-global-ergo-2016-2020"
    assert slug("Łódź Straße") == "lodz-strasse"
    assert (
        short_slug("Impact of COVID-19 \u2013 Internationalisation in a post-COVID context")
        == "impact-covid-19"
    )
    assert short_slug("Capacity building in SMEs") == "capacity-building-smes"


@pytest.mark.parametrize(
    "text",
    [
        "1. not a list",
        "# not a heading",
        "- not an item",
        "a *b* _c_ snake_case `d` [e](f) <g> &amp; \\h",
        "> quote",
    ],
)
def test_escaped_text_reads_back_as_written(text: str) -> None:
    assert "".join(rich_texts(to_rich(escape(text)))) == text


def test_markdown_of_runs_merges_formatting() -> None:
    runs = [
        Run("A "),
        Run("very", italic=True),
        Run(" ", italic=True),
        Run("long", italic=True),
        Run(" text"),
    ]
    assert markdown(runs) == "A *very long* text"
    assert markdown([Run("see "), Run("the report", href="https://example.org/a (1)")]) == (
        "see [the report](<https://example.org/a (1)>)"
    )


@pytest.mark.parametrize(
    "text", ["yes", "off", "~", "=", "2021-05-20", "0x1f", "a: b", "x #y", "- a", "end "]
)
def test_text_other_readers_would_take_for_something_else_is_quoted(text: str) -> None:
    """Quoted where YAML 1.1 (PyYAML, many editors) or 1.2 would read a boolean, null, number,
    date, value key, mapping, comment or list, or lose the spaces."""
    assert scalar(text) == json.dumps(text)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff\x85")
    | st.sampled_from(list(": #-'\"\n\t|>[]{}!&*%@`?,")),
    max_size=200,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(TEXT, min_size=1, max_size=4))
def test_the_yaml_written_reads_back_as_the_data(tmp_path: Path, values: list[str]) -> None:
    data = {
        "title": values[0],
        "date": dt.date(2021, 5, 20),
        "items": [{"text": value, "tags": [value]} for value in values],
        "empty": [],
    }
    path = tmp_path / "x.yaml"
    path.write_text(dump(data, {("title",): "a note", ("items", 0): "another"}), encoding="utf-8")
    doc = read_yaml(path, tmp_path)
    # The only problem round-tripped text may raise is the warning for bidirectional
    # controls, which the reader keeps in the data and names at their field.
    holds_bidi = any(BIDI_CONTROLS.search(value) for value in values)
    assert all(problem.severity is Severity.WARNING for problem in doc.problems)
    assert all(problem.message.startswith("holds the bidirectional") for problem in doc.problems)
    assert bool(doc.problems) == holds_bidi
    assert doc.data == data

"""Recommendations grouped by audience in every format: note numbers match their lists, an item in two
groups keeps one number, group headings read as headings; untitled findings in a table show their text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import compile_argv
from lxml import etree

from brief_builder.app.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BRIEF = """title: Grouped
sections:
  - title: Findings
    include: findings
    where:
      sessions: meeting
    as: table
  - title: Recommendations
    include: recommendations
    group_by: audience
"""
TWO_AUDIENCES = """title: Tailor support
text: Authorities **should** tailor support.
audience: [regional authorities, business support providers]
topics: [internationalisation]
evidence: [zeta-vouchers, meeting]
"""
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")


@pytest.fixture
def grouped(minimal: Path, write, tmp_path: Path) -> Path:
    """The grouped brief compiled to every format; the output folder."""
    write("briefs/grouped.yaml", BRIEF)
    write("recommendations/tailor.yaml", TWO_AUDIENCES)
    output = tmp_path / "out"
    assert main(compile_argv(minimal, output, "grouped", formats="pdf,html,docx,md")) == 0
    return output


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


WATERMARK = {"DR", "AF", "T"}
"""The pieces pdftotext extracts the diagonal DRAFT watermark in."""


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and line.strip() not in WATERMARK]


@needs_pdftotext
def test_the_pdfs_note_numbers_match_each_groups_sources_list(grouped: Path) -> None:
    text = lines(pdf_text(grouped / "grouped.pdf"))
    first = text.index("Build digital maturity 1")  # the first group's first item (the contents list none)
    second = text.index("Regional authorities", first)
    group_1, group_2 = text[first:second], text[second:]
    # the superscripts of group 1 are 1 (Mid check) and 2, 3; its list counts 1 to 3
    assert text[first - 2] == "Business support providers"
    assert "Tailor support 2, 3" in group_1
    assert group_1[group_1.index("Sources") + 1 :][:3] == [
        "1. Mid check",
        "2. Zeta vouchers",
        "3. Community brainstorming: Testing (2021-05-20)",
    ]
    # group 2 goes on from 4, in the superscripts and in its list (the PDF used to restart at 1)
    assert "Tailor support 4, 5" in group_2
    assert group_2[group_2.index("Sources") + 1 :][:2] == [
        "4. Zeta vouchers",
        "5. Community brainstorming: Testing (2021-05-20)",
    ]


@needs_pdftotext
def test_an_item_in_two_groups_has_one_number_in_every_format(grouped: Path) -> None:
    text = lines(pdf_text(grouped / "grouped.pdf"))
    numbers = [text[i - 1] for i, line in enumerate(text) if line.startswith("Tailor support")]
    assert numbers == ["2", "2"]
    html = (grouped / "grouped.html").read_text(encoding="utf-8")
    assert re.findall(r'<li class="numbered-item" value="(\d+)"', html) == ["1", "2", "2"]
    markdown = (grouped / "grouped.md").read_text(encoding="utf-8")
    assert re.findall(r"^(\d+)\. .*?(Build digital maturity|Tailor support)", markdown, re.M) == [
        ("1", "Build digital maturity"),
        ("2", "Tailor support"),
        ("2", "Tailor support"),
    ]
    assert docx_numbers(grouped / "grouped.docx", "Recommendation") == [1, 2, 2]


def docx_numbers(path: Path, style_name: str) -> list[int]:
    """The number Word shows before each paragraph of ``style_name``: each list counts from its start."""
    with zipfile.ZipFile(path) as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
        numbering = etree.fromstring(docx.read("word/numbering.xml"))
        styles = etree.fromstring(docx.read("word/styles.xml"))
    style_id = next(
        s.get(f"{W}styleId")
        for s in styles.iter(f"{W}style")
        if s.find(f"{W}name").get(f"{W}val") == style_name
    )
    starts = {}
    for num in numbering.iter(f"{W}num"):
        override = num.find(f".//{W}startOverride")
        starts[num.get(f"{W}numId")] = int(override.get(f"{W}val")) if override is not None else 1
    shown, counts = [], {}
    for paragraph in document.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        num_id = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
        if style is None or style.get(f"{W}val") != style_id or num_id is None:
            continue
        key = num_id.get(f"{W}val")
        shown.append(starts[key] + counts.get(key, 0))
        counts[key] = counts.get(key, 0) + 1
    return shown


def test_group_headings_read_as_headings_or_take_the_layouts_label(
    minimal: Path, write, tmp_path: Path
) -> None:
    write("briefs/grouped.yaml", BRIEF)
    write("recommendations/tailor.yaml", TWO_AUDIENCES)
    code = main(["outline", "grouped", "--sources", str(minimal)])
    assert code == 0
    layouts = tmp_path / "layouts"
    (layouts / "ours").mkdir(parents=True)
    (layouts / "ours" / "layout.yaml").write_text(
        "extends: policy-brief\nlabels:\n  en:\n    audience_regional-authorities: Regions\n",
        encoding="utf-8",
    )
    write("briefs/grouped.yaml", BRIEF.replace("title: Grouped\n", "title: Grouped\nlayout: ours\n"))
    output = tmp_path / "out"
    argv = compile_argv(minimal, output, "grouped", formats="html", extra=("--layouts", str(layouts)))
    assert main(argv) == 0
    html = (output / "grouped.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h3 id="[^"]+" class="section-title">([^<]+)</h3>', html)
    assert headings == ["Business support providers", "Regions"]


def test_group_headings_in_the_outline(minimal: Path, write, capsys) -> None:
    write("briefs/grouped.yaml", BRIEF)
    write("recommendations/tailor.yaml", TWO_AUDIENCES)
    assert main(["outline", "grouped", "--sources", str(minimal)]) == 0
    titles = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip().startswith("## ")]
    assert [t.split("  ")[0] for t in titles] == ["## Business support providers", "## Regional authorities"]


@needs_pdftotext
def test_findings_in_a_table_show_their_text_under_a_header_that_says_so(grouped: Path) -> None:
    text = lines(pdf_text(grouped / "grouped.pdf"))
    table = text[text.index("Findings", text.index("Findings") + 1) :]
    assert "Finding" in table[:3] and "Title" not in table  # the header over their texts
    html = (grouped / "grouped.html").read_text(encoding="utf-8")
    assert '<th scope="col">Finding</th>' in html and '<th scope="col">Title</th>' not in html
    for finding in (
        "The pandemic hit many businesses.",
        "Value chains were reshored.",
        "Digital maturity must improve.",
    ):
        assert finding in table

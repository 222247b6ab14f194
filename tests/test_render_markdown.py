"""The Pandoc-Markdown export, read back by pandoc itself as its AST and as plain text."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from test_compile import BRIEFS, assert_in_order, outline_texts

from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Outline, Run
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.renderers import FORMATS, RenderOptions
from brief_builder.renderers.markdown import escape, escape_line_start, render
from tests.sample_outline import sample_outline, with_paragraph

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")


def pandoc(markdown: str, to: str) -> str:
    return subprocess.run(
        ["pandoc", "-f", "markdown", "-t", to, "--columns=100000"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def ast(markdown: str) -> dict[str, Any]:
    return json.loads(pandoc(markdown, "json"))


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every element of a pandoc AST (a dict with a ``t``), depth first."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def meta_text(value: dict[str, Any]) -> str:
    return "".join(
        e.get("c", " ") if e["t"] == "Str" else " " for e in walk(value) if e["t"] in ("Str", "Space")
    )


@pytest.fixture(scope="module")
def sample_md(layout: Layout) -> str:
    return render(sample_outline(), layout, RenderOptions()).data.decode("utf-8")


def test_md_is_a_registered_format() -> None:
    assert FORMATS["md"].suffix == ".md"


def test_metadata_block_opens_the_file(sample_md: str) -> None:
    assert sample_md.startswith(
        '---\ntitle: "Internationalisation of SMEs"\nsubtitle: "A policy brief"\n'
        'author:\n  - "Luc Schmerber"\ndate: "30 June 2021"\nlang: "en"\n'
        'keywords:\n  - "SME"\n  - "internationalisation"\n---\n\n'
        "# Key messages {#key-messages .key-messages}\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("(a) not a list", "(a\\) not a list"),
        ("> not a quote", "\\> not a quote"),
        ("plain - text", "plain - text"),
    ],
)
def test_line_starts_that_pandoc_would_read_as_blocks_are_escaped(text: str, expected: str) -> None:
    assert escape_line_start(escape(text)) == expected


@needs_pandoc
def test_pandoc_reads_the_metadata(sample_md: str) -> None:
    meta = ast(sample_md)["meta"]
    assert meta_text(meta["title"]) == "Internationalisation of SMEs"
    assert meta_text(meta["subtitle"]) == "A policy brief"
    assert [meta_text(a) for a in meta["author"]["c"]] == ["Luc Schmerber"]
    assert meta_text(meta["date"]) == "30 June 2021"
    assert meta_text(meta["lang"]) == "en"


@needs_pandoc
def test_pandoc_sees_headings_boxes_tables_numbered_lists_and_notes(sample_md: str) -> None:
    elements = list(walk(ast(sample_md)["blocks"]))
    headings = [(e["c"][0], e["c"][1][0], meta_text(e["c"][2])) for e in elements if e["t"] == "Header"]
    assert headings == [
        (1, "key-messages", "Key messages"),
        (1, "lessons", "Lessons from the projects"),
        (2, "good-practices", "Good practices"),
        (2, "insights", "Insights"),
        (1, "recommendations", "Recommendations"),
        (1, "projects", "Projects"),
    ]
    divs = {e["c"][0][0]: e["c"][0][1] for e in elements if e["t"] == "Div"}
    assert divs["practices-go4export"] == ["box", "practices"]
    assert [e["t"] for e in elements if e["t"] in ("Table", "OrderedList", "Note")] == [
        "OrderedList",
        "Note",
        "Table",
    ]
    links = [e["c"][2][0] for e in elements if e["t"] == "Link"]
    assert "#practices-go4export" in links  # the note links to the box it cites
    assert "https://example.org/scale-up" in links


@needs_pandoc
def test_markup_characters_in_the_text_stay_text(layout: Layout) -> None:
    tricky = "*not emphasis* _nor_ [brackets](x) <b>tag</b> #hash | pipe $5 @cite -- ... \\ &amp;"
    outline = with_paragraph(sample_outline(), Run(text="1. "), Run(text=tricky, strong=True))
    markdown = render(outline, layout, RenderOptions()).data.decode("utf-8")
    plain = pandoc(markdown, "plain")
    assert f"1. {tricky}" in plain.replace("**", "")
    blocks = ast(markdown)["blocks"]
    strong = [e for e in walk(blocks) if e["t"] == "Strong"]
    assert meta_text(strong[-1]) == tricky


@pytest.fixture(scope="module")
def example_outlines() -> dict[str, Outline]:
    validation = validate(Project(sources=REPO / "sources"))
    return {name: c.result.outline for name, c in validation.compiled.items()}


@needs_pandoc
@pytest.mark.parametrize("brief", BRIEFS)
def test_pandoc_plain_text_holds_every_outline_text_in_order(
    example_outlines: dict[str, Outline], brief: str, tmp_path: Path
) -> None:
    outline = example_outlines[brief]
    markdown = render(outline, load_layout(outline.meta.layout), RenderOptions()).data.decode("utf-8")
    plain = pandoc(markdown, "plain")
    assert "\\" not in plain and "**" not in plain and ":::" not in plain
    assert_in_order(outline_texts(outline), f"{outline.meta.title}\n{plain}")

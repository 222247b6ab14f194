"""Markdown nested deeper than the outputs show: a warning at its field, the text kept in every format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import lxml.html
import pytest
from conftest import compile_argv, needs, pdf_text
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from brief_builder.app.cli import main
from brief_builder.richtext import (
    MARKDOWN_NESTING,
    MEASURED_NESTING,
    ListBlock,
    RichBlock,
    plain_text,
    to_rich,
    too_deep,
)

QUOTES = "> " * 25 + "quotedeep\n"
LISTS = "".join("  " * level + f"- listdeep{level}\n" for level in range(12))


def _practice(summary: str) -> str:
    return (
        "title: Nested\n"
        "project: alpha\n"
        "summary: |\n" + "".join(f"  {line}\n" for line in summary.splitlines()) + "location:\n"
        "  country: Italy\n"
        "topics: [capacity building]\n"
    )


DEEP = {
    "practices/deep.yaml": _practice(QUOTES + "\n" + LISTS),
    "practices/deeper.yaml": _practice("- " * 30 + "plainkept"),
}
WORDS = ["quotedeep", *(f"listdeep{level}" for level in range(12)), "plainkept"]


def _compile(minimal: Path, output: Path, *extra: str) -> int:
    return main(compile_argv(minimal, output, "policy", formats="pdf,docx,html,md", extra=extra))


def test_deep_markdown_is_one_warning_per_field_at_its_line(
    minimal: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in DEEP.items():
        write(name, text)
    assert main(["validate", "--sources", str(minimal)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "nested" in line]
    assert warnings == [
        "sources/practices/deep.yaml:3: warning: summary: expected Markdown nested at most 20 levels deep "
        "(quotes, lists and the items and paragraphs in them), got 26 levels; the text is kept, the "
        "deeper part flattened into the deepest level shown",
        "sources/practices/deeper.yaml:3: warning: summary: expected Markdown nested at most 20 levels "
        "deep (quotes, lists and the items and paragraphs in them), got at least 40 levels; the text is "
        "kept as plain text, its Markdown unread",
    ]


def test_deep_markdown_in_a_list_of_a_list_is_warned_at_its_own_line(
    minimal: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    session = (minimal / "sessions" / "meeting.yaml").read_text(encoding="utf-8")
    first = session.index("text:", session.index("findings:"))
    line = session[:first].count("\n") + 1
    end = session.index("\n", first)
    write("sessions/meeting.yaml", session[:first] + f"text: '{'> ' * 22}deep'" + session[end:])
    assert main(["validate", "--sources", str(minimal)]) == 0
    err = capsys.readouterr().err
    assert (
        f"sources/sessions/meeting.yaml:{line}: warning: topics[1].findings[1].text: expected Markdown "
        in err
    )
    assert "got 23 levels" in err


@needs("pdftotext")
def test_the_deep_text_is_in_the_pdf_html_docx_and_markdown(
    minimal: Path, write: Callable[[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in DEEP.items():
        write(name, text)
    output = tmp_path / "output"
    assert _compile(minimal, output) == 0
    assert "got 26 levels" in capsys.readouterr().err
    pdf = pdf_text(output / "policy.pdf").split()
    html = lxml.html.fromstring((output / "policy.html").read_bytes()).text_content().split()
    document = docx.Document(str(output / "policy.docx"))
    docx_words = " ".join(t.text or "" for t in document.element.body.iter(qn("w:t"))).split()
    markdown = (output / "policy.md").read_text(encoding="utf-8")
    for word in WORDS:
        assert word in pdf, word
        assert word in html, word
        assert word in docx_words, word
        assert word in markdown, word


def test_final_refuses_deep_markdown_and_writes_nothing(
    minimal: Path, write: Callable[[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in DEEP.items():
        write(name, text)
    output = tmp_path / "output"
    assert main(compile_argv(minimal, output, "policy", formats="md", extra=("--final",))) == 1
    err = capsys.readouterr().err
    assert "refusing to compile policy as final: 2 warnings remain" in err
    assert not (output / "policy.md").exists()


CONTAINERS = {"> ": 1, "- ": 2, "1. ": 2}
"""Markers that nest on one line, and the levels each takes as markdown-it counts them."""


def _list_depth(blocks: Sequence[RichBlock]) -> int:
    return (
        max(
            (1 + max((_list_depth(item) for item in block.items), default=0))
            for block in blocks
            if isinstance(block, ListBlock)
        )
        if any(isinstance(block, ListBlock) for block in blocks)
        else 0
    )


@settings(max_examples=300, deadline=None)
@given(chain=st.lists(st.sampled_from(sorted(CONTAINERS)), max_size=40))
def test_any_nesting_keeps_every_word_and_reports_its_depth(chain: list[str]) -> None:
    text = "first\n\n" + "".join(chain) + "deepest\n\nlast"
    depth = 1 + sum(CONTAINERS[marker] for marker in chain)
    found = too_deep(text)
    if depth <= MARKDOWN_NESTING:
        assert found is None
    elif depth < MEASURED_NESTING:
        assert found == depth
    else:
        assert found is not None and found >= MEASURED_NESTING
    blocks = to_rich(text)
    assert plain_text(blocks).split()[0] == "first"
    assert plain_text(blocks).split()[-2:] == ["deepest", "last"]
    # lists shown as lists stay within the limit: list, item and paragraph take a level each
    assert 2 * _list_depth(blocks) + 1 <= MARKDOWN_NESTING


def test_text_within_the_limit_is_parsed_as_before() -> None:
    lists = "".join("  " * level + f"- item {level}\n" for level in range(9))
    blocks = to_rich(lists)
    assert too_deep(lists) is None
    assert _list_depth(blocks) == 9
    assert plain_text(blocks) == " ".join(f"item {level}" for level in range(9))

"""Tests of review/yamledit.py: new values replace only their scalars' characters, written as those were."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from brief_builder.review.yamledit import NotText, set_scalars

SOURCE = """\
# A practice.
title: GO4EXPORT  # the name as the project writes it
location:
  country: Hungary
summary: >
  An interactive development programme for non-exporting and occasionally exporting
  SMEs.

text: |-
  First paragraph.

  - a list item
quoted: 'single quoted'
topics:
  - internationalisation
  - capacity building
"""


def test_a_plain_value_keeps_its_line_and_comment() -> None:
    assert set_scalars(SOURCE, {("title",): "GO 4 EXPORT"}) == SOURCE.replace(
        "title: GO4EXPORT  #", "title: GO 4 EXPORT  #"
    )


def test_a_value_yaml_would_misread_is_quoted() -> None:
    result = set_scalars(SOURCE, {("title",): "Export: yes"})
    assert 'title: "Export: yes"  # the name' in result
    assert YAML(typ="safe").load(result)["title"] == "Export: yes"


def test_a_folded_block_stays_folded_with_its_indentation_and_blank_line() -> None:
    result = set_scalars(SOURCE, {("summary",): "A short programme."})
    assert result == SOURCE.replace(
        "  An interactive development programme for non-exporting and occasionally exporting\n  SMEs.\n",
        "  A short programme.\n",
    )


def test_several_paragraphs_in_a_folded_block_become_a_literal_one() -> None:
    result = set_scalars(SOURCE, {("summary",): "One.\n\nTwo."})
    assert "summary: |\n  One.\n\n  Two.\n\ntext: |-" in result
    assert YAML(typ="safe").load(result)["summary"] == "One.\n\nTwo.\n"


def test_a_literal_block_keeps_its_chomping_and_long_lines_are_broken() -> None:
    long = "word " * 30
    result = set_scalars(SOURCE, {("text",): f"{long.strip()}\n\n- a list item"})
    head, _, tail = result.partition("text: |-\n")
    assert head == SOURCE.partition("text: |-\n")[0]
    assert tail.endswith(
        "  - a list item\nquoted: 'single quoted'\ntopics:\n  - internationalisation\n  - capacity building\n"
    )
    assert all(len(line) <= 88 for line in result.splitlines())


def test_a_list_entry_and_a_quoted_value() -> None:
    result = set_scalars(SOURCE, {("topics", 1): "skills", ("quoted",): "now plain"})
    assert result == SOURCE.replace("  - capacity building", "  - skills").replace(
        "quoted: 'single quoted'", "quoted: now plain"
    )


@pytest.mark.parametrize("path", [("location",), ("missing",), ("topics", 5)])
def test_only_a_text_scalar_is_replaced(path: tuple[str | int, ...]) -> None:
    with pytest.raises(NotText):
        set_scalars(SOURCE, {path: "x"})


def test_crlf_line_ends_are_kept() -> None:
    windows = SOURCE.replace("\n", "\r\n")
    result = set_scalars(windows, {("summary",): "One.\n\nTwo.", ("title",): "GO 4 EXPORT"})
    assert result == set_scalars(SOURCE, {("summary",): "One.\n\nTwo.", ("title",): "GO 4 EXPORT"}).replace(
        "\n", "\r\n"
    )
    assert "\n" not in result.replace("\r\n", "")

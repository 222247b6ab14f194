"""Layouts carry default rules: a brief without sections takes its layout's, without a title its session's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from brief_builder.app.cli import main

SMALLEST = "layout: event-summary\nsession: meeting\n"

LAYOUT_LINES = (REPO / "layouts" / "event-summary" / "layout.yaml").read_text(encoding="utf-8").splitlines()
FIRST_RULE_LINE = LAYOUT_LINES.index("  - title: section_event") + 1
"""The line of the event-summary layout's first rule (its theme above may grow)."""


def outline(minimal: Path, brief: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["outline", brief, "--json", "--sources", str(minimal), *extra]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def titles(sections: list[dict]) -> list[str]:
    return [section["title"] for section in sections]


def test_the_smallest_event_summary_has_the_shape_of_the_layout(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", SMALLEST)
    data = outline(minimal, "summary", capsys)
    assert data["meta"]["title"] == "Community brainstorming: Testing"  # the session's
    assert data["meta"]["date"] == "2021-05-20"
    assert data["meta"]["rules_layout"] == "event-summary"
    assert titles(data["sections"]) == [
        "The event",
        "Participants",
        "Objectives",
        "Insights and takeaway messages",
        "Next steps",
        "Resources",
    ]
    insights = data["sections"][3]
    assert titles(insights["sections"]) == ["Impact of COVID-19", "Digitalisation"]  # by topic
    assert insights["sections"][0]["blocks"][0]["display"] == "paragraphs"
    assert data["sections"][0]["source"] == {
        "path": "layouts/event-summary/layout.yaml",
        "line": FIRST_RULE_LINE,
        "field": 'sections[1] "section_event"',
    }


def test_outline_says_the_rules_came_from_the_layout(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", SMALLEST)
    assert main(["outline", "summary", "--sources", str(minimal)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "Community brainstorming: Testing  [event-summary, en]  sources/briefs/summary.yaml",
        "rules: from the layout event-summary (the brief has no sections of its own)",
        f"# The event  layouts/event-summary/layout.yaml:{FIRST_RULE_LINE}",
    ]
    assert main(["outline", "event", "--sources", str(minimal)]) == 0  # its own rules: no such line
    assert capsys.readouterr().out.splitlines()[1] == "# Participants  sources/briefs/event.yaml:6"


def test_a_title_and_date_of_its_own_win_over_the_session(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", SMALLEST + "title: Our meeting\ndate: 2021-06-01\n")
    meta = outline(minimal, "summary", capsys)["meta"]
    assert (meta["title"], meta["date"]) == ("Our meeting", "2021-06-01")


def test_a_brief_without_title_or_session_is_an_error(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", "layout: event-summary\nsubtitle: S\n")
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "sources/briefs/summary.yaml:1: title: expected a value (a brief without a session needs one), "
        "got nothing"
    )


def test_the_layouts_section_titles_are_in_the_briefs_language(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", SMALLEST + "language: fr\n")
    assert titles(outline(minimal, "summary", capsys)["sections"]) == [
        "L'événement",
        "Participants",
        "Objectifs",
        "Enseignements et messages clés",
        "Prochaines étapes",
        "Ressources",
    ]
    assert main(["validate", "--sources", str(minimal)]) == 0
    assert "language" not in capsys.readouterr().err  # every label translated


def test_a_layout_rule_that_places_nothing_leaves_its_section_out_without_a_warning(
    minimal: Path, write, capsys
) -> None:
    write(
        "sessions/quiet.yaml",
        "title: A quiet webinar\ndate: 2022-01-10\ntype: webinar\norganiser: Platform\nformat: online\n",
    )
    write("briefs/summary.yaml", "layout: event-summary\nsession: quiet\n")
    assert titles(outline(minimal, "summary", capsys)["sections"]) == ["The event", "Participants"]
    assert main(["validate", "--sources", str(minimal)]) == 0
    assert "summary.yaml" not in capsys.readouterr().err


def test_content_of_other_sessions_is_not_unused(minimal: Path, write, capsys) -> None:
    """An event summary is about its session: the findings of other sessions are not left unplaced."""
    other = (minimal / "sessions" / "meeting.yaml").read_text(encoding="utf-8")
    write("sessions/other.yaml", other.replace("Community brainstorming: Testing", "Other"))
    write("briefs/summary.yaml", SMALLEST)
    assert main(["validate", "--sources", str(minimal)]) == 0
    assert "summary.yaml" not in capsys.readouterr().err
    assert main(["outline", "summary", "--unused", "--sources", str(minimal)]) == 0
    assert capsys.readouterr().out == ""


def test_a_layout_of_ones_own_inherits_or_replaces_the_rules(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "our-summary").mkdir(parents=True)
    (layouts / "our-summary" / "layout.yaml").write_text("extends: event-summary\n", encoding="utf-8")
    write("briefs/summary.yaml", "layout: our-summary\nsession: meeting\n")
    data = outline(minimal, "summary", capsys, "--layouts", str(layouts))
    assert data["meta"]["rules_layout"] == "event-summary"  # the layout whose file holds them
    assert len(data["sections"]) == 6
    (layouts / "our-summary" / "layout.yaml").write_text(
        "extends: event-summary\n"
        "sections:\n"
        "  - title: What we heard\n"
        "    include: findings\n"
        "  - title: section_next_steps\n"
        "    include: next_steps\n",
        encoding="utf-8",
    )
    data = outline(minimal, "summary", capsys, "--layouts", str(layouts))
    assert data["meta"]["rules_layout"] == "our-summary"
    assert titles(data["sections"]) == ["What we heard", "Next steps"]  # the inherited label translates
    assert data["sections"][0]["source"]["path"] == "layouts/our-summary/layout.yaml"


def test_rules_of_a_layout_are_checked_as_a_briefs_are_at_their_line(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "our-summary").mkdir(parents=True)
    (layouts / "our-summary" / "layout.yaml").write_text(
        "extends: event-summary\n"
        "sections:\n"
        "  - title: Practices\n"
        "    include: practice\n"
        "  - title: Findings\n"
        "    include: findings\n"
        "    sort: title\n"
        "    colour: red\n",
        encoding="utf-8",
    )
    write("briefs/summary.yaml", "layout: our-summary\nsession: meeting\n")
    assert main(["validate", "--sources", str(minimal), "--layouts", str(layouts)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'layouts/our-summary/layout.yaml:4: sections[1] "Practices".include: expected one of practices, '
        "recommendations, "
        "findings, takeaways, projects, objectives, participants, next_steps, resources or details, got "
        "'practice'",
        'layouts/our-summary/layout.yaml:8: sections[2] "Findings".colour: expected one of as, group_by, '
        "include, "
        "limit, min, role, sections, sort, text, title, where, got unknown key 'colour'",
        "2 errors in 1 file",
    ]


def test_a_problem_a_layout_rule_meets_names_the_brief(minimal: Path, write, tmp_path: Path, capsys) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "our-summary").mkdir(parents=True)
    (layouts / "our-summary" / "layout.yaml").write_text(
        "extends: event-summary\nsections:\n  - title: Findings\n    include: findings\n    min: 5\n",
        encoding="utf-8",
    )
    write("briefs/summary.yaml", "layout: our-summary\nsession: meeting\n")
    assert main(["validate", "--sources", str(minimal), "--layouts", str(layouts)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        'layouts/our-summary/layout.yaml:5: sections[1] "Findings".min: expected the rule to place at '
        "least 5 findings, got 3 (in brief summary, which takes the rules of the layout our-summary)"
    )


def test_a_brief_with_sections_of_its_own_ignores_the_layouts(minimal: Path, write, capsys) -> None:
    write("briefs/summary.yaml", SMALLEST + "sections:\n  - title: Only this\n    include: objectives\n")
    data = outline(minimal, "summary", capsys)
    assert titles(data["sections"]) == ["Only this"]
    assert data["meta"]["rules_layout"] is None

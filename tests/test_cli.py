"""The brief command as users drive it: exact messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief_builder import __version__
from brief_builder.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"brief, version {__version__}\n"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("compile", "validate", "outline", "site", "schema", "new", "watch"):
        assert f"  {command} " in out


def test_validate_ok(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--sources", str(minimal)]) == 0
    assert capsys.readouterr().out == (
        "ok: 2 briefs, 3 practices, 2 recommendations, 1 sessions, 2 projects\n"
    )


def test_validate_reports_every_problem_then_a_count(minimal: Path, write, capsys) -> None:
    write("projects/a.yaml", "acronym: A\n")
    write(
        "briefs/policy.yaml",
        "title: T\nlayout: policy-brief\nsections:\n  - title: R\n    include: recommendations\n    min: 5\n",
    )
    assert main(["validate", "--sources", str(minimal)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "sources/projects/a.yaml:1: title: expected a value (this field is required), got nothing\n"
        "sources/briefs/policy.yaml:6: sections[0].min: expected the rule 'R' to place at least 5 "
        "recommendations, got 2\n"
        "2 errors in 2 files\n"
    )


def test_validate_names_an_unknown_layout(minimal: Path, write, capsys) -> None:
    write("briefs/policy.yaml", "title: T\nlayout: fancy\nsections:\n  - title: A\n")
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().err == (
        "sources/briefs/policy.yaml:2: layout: expected one of the layouts event-summary, policy-brief, "
        "got 'fancy'\n"
        "1 error in 1 file\n"
    )


def test_outline_prints_the_tree_with_provenance(minimal: Path, capsys) -> None:
    assert main(["outline", "event", "--sources", str(minimal)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Community brainstorming: Testing  [event-summary, en]  sources/briefs/event.yaml"
    assert lines[1] == "# Participants  sources/briefs/event.yaml:6"
    assert lines[2] == "  participants as list (3):"
    assert lines[3] == "    - meeting/projects: Projects represented  sources/sessions/meeting.yaml:7"


def test_outline_json_round_trips(minimal: Path, capsys) -> None:
    assert main(["outline", "policy", "--json", "--sources", str(minimal)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["title"] == "Testing brief"
    assert [s["title"] for s in data["sections"]] == [
        "Key messages",
        "Good practices",
        "Recommendations",
        "Insights",
        "Projects",
    ]


def test_outline_unused(minimal: Path, write, capsys) -> None:
    write(
        "briefs/policy.yaml",
        "title: T\nsections:\n  - title: P\n    include: practices\n    where:\n      country: Italy\n",
    )
    assert main(["outline", "policy", "--unused", "--sources", str(minimal)]) == 0
    assert capsys.readouterr().out == "practices: alpha-academy\n"


def test_unknown_brief_is_a_usage_error(minimal: Path, capsys) -> None:
    assert main(["outline", "nope", "--sources", str(minimal)]) == 2
    assert capsys.readouterr().err == (
        f"brief: error: unknown brief 'nope'; the briefs in {minimal} are: event, policy\n"
    )


def test_unknown_format_lists_the_valid_ones(minimal: Path, capsys) -> None:
    assert main(["compile", "policy", "--format", "pdf,odt", "--sources", str(minimal)]) == 2
    assert "unknown format 'odt'; expected one of pdf, docx, html" in capsys.readouterr().err


def test_compile_needs_a_brief_or_all(capsys) -> None:
    assert main(["compile"]) == 2
    assert "name one or more briefs, or use --all" in capsys.readouterr().err


def test_missing_sources_folder(tmp_path: Path, capsys) -> None:
    assert main(["validate", "--sources", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'nowhere'}: expected a sources folder, got nothing at this path\n1 error in 1 file\n"
    )

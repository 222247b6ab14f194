"""The brief command as users drive it: exact messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, compile_argv, extending_layout

from brief_builder import __version__
from brief_builder.app.cli import cli, main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"brief, version {__version__}\n"


COMMANDS = sorted(cli.commands)
"""Every command of the ``brief`` group, read from the group itself so that none escapes."""


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert sorted(listed) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_line_in_the_readme(command: str, capsys) -> None:
    assert main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"Usage: brief {command} ")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## The command line", 1)[1].split("```", 2)[1]
    assert f"\nbrief {command} " in synopsis, f"{command} is missing from the README's command synopsis"


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
        'sources/briefs/policy.yaml:6: sections[1] "R".min: expected the rule to place at least 5 '
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


def test_a_brief_in_a_language_the_layout_has_no_labels_for_is_warned_about(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write("briefs/policy.yaml", "title: T\nlanguage: nl\nsections:\n  - title: A\n")
    assert main(["validate", "--sources", str(minimal)]) == 0
    err = capsys.readouterr().err
    assert (
        "sources/briefs/policy.yaml:2: warning: language: expected the layout policy-brief to have labels "
        "in 'nl', got none: session_type, format, organiser, place, type_community-brainstorming "
        "and 41 more show in English; add them under labels.nl of a layout that extends policy-brief\n"
    ) in err
    layouts = tmp_path / "layouts" / "policy-brief-nl"
    layouts.mkdir(parents=True)
    (layouts / "layout.yaml").write_text(
        "extends: policy-brief\nlabels:\n  nl:\n    contents: Inhoud\n    page: Pagina\n", encoding="utf-8"
    )
    write(
        "briefs/policy.yaml", "title: T\nlanguage: nl-BE\nlayout: policy-brief-nl\nsections:\n  - title: A\n"
    )
    assert main(["validate", "--sources", str(minimal), "--layouts", str(tmp_path / "layouts")]) == 0
    assert "got 2 of 46: session_type, format" in capsys.readouterr().err
    for language in ("fr", "fr-CA", "en-GB", "de", "es", "it"):
        write("briefs/policy.yaml", f"title: T\nlanguage: {language}\nsections:\n  - title: A\n")
        assert main(["validate", "--sources", str(minimal)]) == 0
        assert "language:" not in capsys.readouterr().err, language


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


def test_theme_values_every_format_cannot_use_are_errors_with_their_line(
    minimal: Path, write, capsys
) -> None:
    write(
        "briefs/event.yaml",
        "title: T\nlayout: event-summary\ntheme:\n  primary: navy\n  margin: 2em\n"
        "sections:\n  - title: A\n    text: a\n",
    )
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().err == (
        "sources/briefs/event.yaml:4: theme.primary: expected a colour such as #1f3a68, got 'navy'\n"
        "sources/briefs/event.yaml:5: theme.margin: "
        "expected one to four lengths such as 20mm or '20mm 25mm', got '2em'\n"
        "2 errors in 1 file\n"
    )


def test_a_bad_value_in_a_user_layout_names_its_file_and_line(minimal: Path, tmp_path: Path, capsys) -> None:
    layout = tmp_path / "layouts" / "policy-brief"
    layout.mkdir(parents=True)
    (layout / "layout.yaml").write_text("extends: policy-brief\ntheme:\n  accent: gold\n")
    assert main(["validate", "--sources", str(minimal), "--layouts", str(tmp_path / "layouts")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "layouts/policy-brief/layout.yaml:3: theme.accent: expected a colour such as #1f3a68, got 'gold'"
    )


def test_a_layout_problem_shared_by_two_briefs_is_reported_once(
    minimal: Path, tmp_path: Path, capsys
) -> None:
    layout = tmp_path / "layouts" / "policy-brief"
    layout.mkdir(parents=True)
    (layout / "layout.yaml").write_text("theme:\n  margin: wide\n")
    assert main(["validate", "--sources", str(minimal), "--layouts", str(tmp_path / "layouts")]) == 1
    assert capsys.readouterr().err == (
        "layouts/policy-brief/layout.yaml: expected a brief.html.jinja in the layout or in a layout it "
        "extends, got none\n"
        "layouts/policy-brief/layout.yaml:2: theme.margin: "
        "expected one to four lengths such as 20mm or '20mm 25mm', got 'wide'\n"
        "2 errors in 1 file\n"
    )


def test_a_template_error_in_a_user_layout_is_located(minimal: Path, write, tmp_path: Path, capsys) -> None:
    extending_layout(tmp_path / "layouts" / "mine", "{% block cover %}\n{{ meta.title }\n{% endblock %}\n")
    write("briefs/policy.yaml", "title: T\nlayout: mine\nsections:\n  - title: A\n    text: a\n")
    argv = compile_argv(
        minimal,
        tmp_path / "o",
        "policy",
        formats="html",
        extra=("--layouts", str(tmp_path / "layouts")),
        quiet=False,
    )
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "layouts/mine/brief.html.jinja:3: template: unexpected '}'\n"
        "not compiled: policy (errors in layouts/mine/brief.html.jinja)\n"
        "1 error in 1 file\n"
    )


def test_compile_prints_the_warnings_validate_prints(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write(
        "briefs/policy.yaml",
        "title: T\nsections:\n  - title: P\n    include: practices\n    where:\n      country: Italy\n",
    )
    argv = compile_argv(minimal, tmp_path / "o", "policy", formats="html", quiet=False)
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "sources/briefs/policy.yaml:2: warning: unplaced: no rule placed 1 of the practices: alpha-academy "
        "(see brief outline policy --unused)\n"
    )
    assert captured.out.startswith(f"wrote {tmp_path / 'o' / 'policy.html'} (")


def test_outline_reuses_the_sources_read_before_unless_told_not_to(
    minimal: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brief_builder.sources import library

    assert main(["outline", "event", "--sources", str(minimal)]) == 0
    first = capsys.readouterr().out
    assert (minimal.parent / ".brief-cache").is_dir()

    def unread(*args, **kwargs):
        raise AssertionError("a source was parsed again")

    monkeypatch.setattr(library, "read_yaml", unread)
    assert main(["outline", "event", "--sources", str(minimal)]) == 0
    assert capsys.readouterr().out == first
    with pytest.raises(AssertionError, match="parsed again"):
        main(["--debug", "outline", "event", "--no-cache", "--sources", str(minimal)])

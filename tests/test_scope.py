"""A broken source blocks only the briefs that read it; every problem is reported, the exit code is 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_builder.app.cli import main

BROKEN_PRACTICE = "title: Broken\nproject: alpha\nlocation:\n  country: Italy\nsumary: typo\n"
SUMMARY = "layout: event-summary\nsession: meeting\n"


def compile_all(minimal: Path, output: Path, *extra: str, quiet: bool = True) -> int:
    argv = ["compile", "--all", "--format", "md", "--jobs", "1", "--no-cache", "--sources", str(minimal)]
    return main([*(["--quiet"] if quiet else []), *argv, "--output", str(output), *extra])


def written(output: Path) -> list[str]:
    return sorted(p.name for p in output.iterdir()) if output.is_dir() else []


def test_a_broken_practice_still_lets_the_event_summary_compile(
    minimal: Path, write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("practices/broken.yaml", BROKEN_PRACTICE)
    output = tmp_path / "out"
    assert compile_all(minimal, output, quiet=False) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"wrote {output / 'event.md'} (1 KB)",
        "compiled 1 brief in " + captured.out.split("compiled 1 brief in ", 1)[1].split(" s")[0] + " s"
        "; 1 not compiled",
    ]
    assert captured.err.splitlines() == [
        "sources/practices/broken.yaml:5: sumary: expected 'summary' (a required field), got unknown key "
        "'sumary' (did you mean 'summary'?)",
        "not compiled: policy (errors in sources/practices/broken.yaml)",
        "1 error in 1 file",
    ]
    assert written(output) == ["event.md"]


def test_a_blocked_brief_keeps_its_earlier_files(minimal: Path, write, tmp_path: Path, capsys) -> None:
    output = tmp_path / "out"
    assert compile_all(minimal, output) == 0
    before = (output / "policy.md").read_bytes()
    write("practices/broken.yaml", BROKEN_PRACTICE)
    write("briefs/policy.yaml", (minimal / "briefs" / "policy.yaml").read_text().replace("Testing", "New"))
    assert compile_all(minimal, output) == 1
    assert (output / "policy.md").read_bytes() == before


@pytest.mark.parametrize(
    ("broken", "blocked"),
    [
        # a project a practice names: briefs with practices (and with projects) read it
        ("projects/alpha.yaml", ["event", "policy"]),  # alpha also took part in the meeting
        ("projects/gamma.yaml", ["policy"]),  # nobody names it, but the policy brief lists projects
        ("recommendations/broken.yaml", ["policy"]),
        ("sessions/other.yaml", []),  # the policy brief's findings rule names the session meeting
        ("briefs/other.yaml", []),
    ],
)
def test_what_each_broken_file_blocks(
    broken: str, blocked: list[str], minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write(broken, "title: [unclosed\n")
    output = tmp_path / "out"
    assert compile_all(minimal, output) == 1
    err = capsys.readouterr().err
    assert f"sources/{broken}:1:8: expected ']' to close the list" in err
    assert written(output) == sorted(f"{b}.md" for b in {"event", "policy"} - set(blocked))
    for name in blocked:
        assert f"not compiled: {name} (errors in sources/{broken})" in err


def test_a_broken_session_blocks_only_the_briefs_that_name_it(minimal: Path, write, tmp_path: Path, capsys):
    write("sessions/other.yaml", "title: [unclosed\n")
    write("briefs/other-summary.yaml", "layout: event-summary\nsession: other\n")
    output = tmp_path / "out"
    assert compile_all(minimal, output) == 1
    assert "not compiled: other-summary (errors in sources/sessions/other.yaml)" in capsys.readouterr().err
    assert "event.md" in written(output)


def test_a_rule_that_names_ids_reads_only_those(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("practices/broken.yaml", BROKEN_PRACTICE)
    write(
        "briefs/one.yaml",
        "title: One\nsections:\n  - title: P\n    include: practices\n    where:\n      ids: [mid-check]\n",
    )
    output = tmp_path / "out"
    assert compile_all(minimal, output) == 1
    assert written(output) == ["event.md", "one.md"]


def test_problems_of_one_brief_or_layout_block_only_it(
    minimal: Path, write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        "briefs/greedy.yaml",
        "title: Greedy\nsections:\n  - title: R\n    include: recommendations\n    min: 9\n",
    )
    layouts = tmp_path / "layouts"
    (layouts / "grey").mkdir(parents=True)
    (layouts / "grey" / "layout.yaml").write_text("extends: policy-brief\ntheme:\n  accent: grey\n", "utf-8")
    write("briefs/grey.yaml", "title: Grey\nlayout: grey\nsections:\n  - title: A\n")
    output = tmp_path / "out"
    assert compile_all(minimal, output, "--layouts", str(layouts)) == 1
    err = capsys.readouterr().err
    assert "not compiled: greedy (errors in sources/briefs/greedy.yaml)" in err
    assert "not compiled: grey (errors in layouts/grey/layout.yaml)" in err
    assert written(output) == ["event.md", "policy.md"]


def test_a_brief_that_cannot_be_read_is_named(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("briefs/unread.yaml", "title: [unclosed\n")
    output = tmp_path / "out"
    assert compile_all(minimal, output) == 1
    assert "not compiled: unread (errors in sources/briefs/unread.yaml)" in capsys.readouterr().err
    assert written(output) == ["event.md", "policy.md"]


def test_with_nothing_left_to_compile_nothing_is_written(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write("practices/broken.yaml", BROKEN_PRACTICE)
    output = tmp_path / "out"
    argv = ["compile", "policy", "--format", "md", "--sources", str(minimal), "--output", str(output)]
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2:] == [
        "not compiled: policy (errors in sources/practices/broken.yaml)",
        "1 error in 1 file",
    ]
    assert not output.exists()


def test_site_and_outline_carry_on_with_what_can_compile(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write("practices/broken.yaml", BROKEN_PRACTICE)
    output = tmp_path / "site"
    assert main(["-q", "site", "--jobs", "1", "--sources", str(minimal), "--output", str(output)]) == 1
    index = (output / "index.html").read_text(encoding="utf-8")
    assert "Community brainstorming: Testing" in index and "Testing brief" not in index
    capsys.readouterr()
    assert main(["outline", "event", "--sources", str(minimal)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("Community brainstorming: Testing  [event-summary, en]")
    assert captured.err.splitlines()[-1] == "1 error in 1 file"
    assert main(["outline", "policy", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().out == ""

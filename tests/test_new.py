"""brief new: scaffolded sources name every field, point at their schema and validate once filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brief_builder.app.cli import main
from brief_builder.sources.scaffold import scaffold
from brief_builder.sources.schema import FOLDERS, render_schemas, schema_for

FILLED = {
    "session": {"date": "2022-03-04", "type": "webinar", "format": "online"},
    "practice": {"project": "alpha"},
}
"""Values for the required fields whose TODO placeholder is not a valid value."""


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text, count = re.subn(rf"^{name}: TODO$", f"{name}: {value}", text, flags=re.MULTILINE)
        assert count == 1, name
    return text


@pytest.mark.parametrize("kind", FOLDERS)
def test_filled_scaffold_validates(kind: str, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", kind, "fresh-item", "--sources", str(minimal)]) == 0
    path = minimal / FOLDERS[kind] / "fresh-item.yaml"
    assert capsys.readouterr().out == (
        f"wrote {path}: replace every TODO, then run brief validate\n"
        f"wrote {minimal / '.schemas'}/ (the JSON Schemas editors check sources with)\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../.schemas/{kind}.schema.json"
    schema_line = text.splitlines()[0].split("$schema=", 1)[1]
    assert (path.parent / schema_line).resolve() == (minimal / ".schemas" / f"{kind}.schema.json").resolve()
    assert (path.parent / schema_line).read_bytes() == render_schemas()[f"{kind}.schema.json"]
    if kind in FILLED:
        assert main(["validate", "--sources", str(minimal)]) == 1
        path.write_text(_fill(text, FILLED[kind]), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--sources", str(minimal)]) == 0, capsys.readouterr().err


def test_unfilled_placeholders_are_reported_like_any_error(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-q", "new", "session", "fresh", "--sources", str(minimal)]) == 0
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "sources/sessions/fresh.yaml:9: date: expected a date like 2021-05-20, got 'TODO'",
        "sources/sessions/fresh.yaml:15: type: expected one of community-brainstorming, webinar, workshop, "
        "peer-review or other, got 'TODO'",
        "sources/sessions/fresh.yaml:21: format: expected one of online, onsite or hybrid, got 'TODO'",
        "3 errors in 1 file",
    ]


@pytest.mark.parametrize("kind", FOLDERS)
def test_scaffold_names_and_explains_every_field(kind: str) -> None:
    schema = schema_for(kind)
    text = scaffold(kind)
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            assert re.search(rf"^[# ]*{name}:", text, flags=re.MULTILINE), name
            first_line = prop["description"].replace("``", "").split("\n")[0]
            assert f"# {first_line}" in text, name


def test_uncommenting_an_optional_block_gives_valid_yaml(minimal: Path) -> None:
    assert main(["-q", "new", "practice", "fresh", "--sources", str(minimal)]) == 0
    path = minimal / "practices" / "fresh.yaml"
    text = _fill(path.read_text(encoding="utf-8"), FILLED["practice"])
    block = re.search(r"^# timescale:\n(?:# .*\n)+", text, flags=re.MULTILINE)
    assert block is not None
    uncommented = "".join(line[2:] + "\n" for line in block.group(0).splitlines())
    uncommented = uncommented.replace("start: TODO", "start: 2019").replace("end: TODO", "end: 2021-06-30")
    path.write_text(text.replace(block.group(0), uncommented), encoding="utf-8")
    assert main(["validate", "--sources", str(minimal)]) == 0


def test_refuses_an_existing_file(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (minimal / "projects" / "alpha.yaml").read_bytes()
    assert main(["new", "project", "alpha", "--sources", str(minimal)]) == 1
    path = minimal / "projects" / "alpha.yaml"
    assert capsys.readouterr().err == (
        f"brief: error: {path}: already exists; edit it, or choose another id\n"
    )
    assert (minimal / "projects" / "alpha.yaml").read_bytes() == before


@pytest.mark.parametrize("bad", ["Alpha", "two words", "../escape", "trailing-", "a_b", ""])
def test_refuses_a_bad_id(bad: str, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "project", bad, "--sources", str(minimal)]) == 2
    assert capsys.readouterr().err == (
        f"brief: error: ID: expected lowercase letters, digits and hyphens (go4export), got {bad!r}\n"
    )
    assert sorted(p.name for p in (minimal / "projects").iterdir()) == ["alpha.yaml", "beta.yaml"]


def test_refuses_an_unknown_kind(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "event", "x", "--sources", str(minimal)]) == 2
    assert "'event' is not one of 'session', 'practice', 'recommendation', 'project', 'brief'" in (
        capsys.readouterr().err
    )


def test_an_existing_schema_folder_is_left_alone(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (minimal / ".schemas").mkdir()
    (minimal / ".schemas" / "project.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["new", "project", "gamma", "--sources", str(minimal)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {minimal / 'projects' / 'gamma.yaml'}: replace every TODO, then run brief validate"
    ]
    assert (minimal / ".schemas" / "project.schema.json").read_text(encoding="utf-8") == "{}\n"


def test_refuses_a_missing_sources_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "project", "gamma", "--sources", str(tmp_path / "sauces")]) == 2
    assert capsys.readouterr().err == (
        f"brief: error: --sources: expected a sources folder, got nothing at {tmp_path / 'sauces'}\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_smallest_event_summary(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", "brief", "summary", "--layout", "event-summary", "--session", "meeting"]
    assert main([*argv, "--sources", str(minimal)]) == 0
    path = minimal / "briefs" / "summary.yaml"
    assert capsys.readouterr().out.splitlines()[0] == f"wrote {path}: then run brief validate"
    text = path.read_text(encoding="utf-8")
    content = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert content == ["layout: event-summary", "session: meeting"]
    assert main(["-q", "validate", "--sources", str(minimal)]) == 0
    assert main(["outline", "summary", "--sources", str(minimal)]) == 0
    outline = capsys.readouterr().out.splitlines()
    assert outline[:2] == [
        "Community brainstorming: Testing  [event-summary, en]  sources/briefs/summary.yaml",
        "rules: from the layout event-summary (the brief has no sections of its own)",
    ]


def test_a_new_brief_needs_what_neither_its_session_nor_its_layout_gives(minimal: Path) -> None:
    def active(*options: str) -> list[str]:
        name = f"b{len(list((minimal / 'briefs').iterdir()))}"
        assert main(["-q", "new", "brief", name, *options, "--sources", str(minimal)]) == 0
        text = (minimal / "briefs" / f"{name}.yaml").read_text(encoding="utf-8")
        return [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]

    assert active() == ["title", "sections"]
    assert active("--session", "meeting") == ["session", "sections"]
    assert active("--layout", "event-summary") == ["title", "layout"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--layout", "fancy"],
            "--layout: expected one of the layouts event-summary, policy-brief, got 'fancy'",
        ),
        (
            ["--session", "meting"],
            "--session: expected one of the sessions meeting, got 'meting' (did you mean 'meeting'?)",
        ),
    ],
)
def test_a_new_brief_names_a_layout_and_a_session_that_exist(
    options: list[str], message: str, minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "brief", "fresh", *options, "--sources", str(minimal)]) == 2
    assert capsys.readouterr().err == f"brief: error: {message}\n"
    assert not (minimal / "briefs" / "fresh.yaml").exists()


def test_layout_and_session_are_for_briefs(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "practice", "fresh", "--session", "meeting", "--sources", str(minimal)]) == 2
    assert capsys.readouterr().err == (
        "brief: error: --layout and --session: expected a new brief, got a new practice\n"
    )


def test_a_session_to_report_on_must_be_written_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources").mkdir()
    argv = ["new", "brief", "summary", "--session", "webinar", "--sources", str(tmp_path / "sources")]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "brief: error: --session: expected the id of a session, got 'webinar'; there is none yet "
        "(brief new session webinar writes one)\n"
    )

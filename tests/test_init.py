"""brief init: a content repository that validates and compiles at once, and never overwrites a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief_builder import __version__
from brief_builder.app.cli import main
from brief_builder.sources.schema import FOLDERS, render_schemas

SKELETON = [
    ".github/workflows/briefs.yml",
    ".gitignore",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "README.md",
    "brief.toml",
    "layouts/README.md",
    *(f"sources/.schemas/{name}" for name in sorted(render_schemas())),
    *(f"sources/{folder}/.gitkeep" for folder in sorted(FOLDERS.values())),
]
EXAMPLE = [
    "sources/briefs/low-carbon-ports.yaml",
    "sources/briefs/webinar-2021-10-12.yaml",
    "sources/practices/shore-power-tariff.yaml",
    "sources/projects/green-ports.yaml",
    "sources/recommendations/price-shore-power-fairly.yaml",
    "sources/sessions/webinar-2021-10-12.yaml",
]


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_a_content_repository(tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "demo"
    assert main(["init", str(target)]) == 0
    assert files(target) == sorted(SKELETON)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"wrote {target / '.github/workflows/briefs.yml'}"
    assert out[-1] == f"created a content repository in {target}; next: cd {target} && brief new brief ID"
    assert not any(".gitkeep" in line for line in out)
    for name, data in render_schemas().items():
        assert (target / "sources" / ".schemas" / name).read_bytes() == data
    settings = json.loads((target / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        f"sources/.schemas/{kind}.schema.json": f"sources/{folder}/*.yaml" for kind, folder in FOLDERS.items()
    }
    assert (target / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "/output/",
        ".brief-cache/",
    ]
    assert f"brief-builder=={__version__}" in (target / ".github" / "workflows" / "briefs.yml").read_text()
    monkeypatch.chdir(target / "sources" / "practices")
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "ok: 0 briefs, 0 practices, 0 recommendations, 0 sessions, 0 projects\n"


def test_init_example_compiles_at_once(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "init", "demo", "--example"]) == 0
    assert files(tmp_path / "demo") == sorted(
        [*(name for name in SKELETON if not name.endswith(".gitkeep")), *EXAMPLE]
    )
    monkeypatch.chdir(tmp_path / "demo")
    assert main(["-q", "compile", "--all", "--jobs", "1"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().err == ""  # not even a warning
    assert sorted(p.name for p in (tmp_path / "demo" / "output").iterdir()) == [
        f"{brief}.{ext}"
        for brief in ("low-carbon-ports", "webinar-2021-10-12")
        for ext in ("docx", "html", "pdf")
    ]
    assert main(["outline", "webinar-2021-10-12"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Webinar: Shore power for small ports  [event-summary, en]  sources/briefs/webinar-2021-10-12.yaml",
        "rules: from the layout event-summary (the brief has no sections of its own)",
    ]


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"brief: error: DIR: expected an empty folder, got {tmp_path} holding notes.txt "
        "(use --force to add the missing files; no file is ever overwritten)\n"
    )
    assert files(tmp_path) == ["notes.txt"]


def test_a_folder_with_only_git_in_it_counts_as_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / ".git").mkdir()
    assert main(["-q", "init", str(tmp_path)]) == 0
    assert (tmp_path / "brief.toml").is_file()


def test_force_adds_the_missing_files_and_overwrites_none(tmp_path: Path, capsys) -> None:
    (tmp_path / "README.md").write_text("# Our repository\n", encoding="utf-8")
    (tmp_path / "sources" / "practices").mkdir(parents=True)
    (tmp_path / "sources" / "practices" / "ours.yaml").write_text("title: Ours\n", encoding="utf-8")
    assert main(["init", str(tmp_path), "--force"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"skipped {tmp_path / 'README.md'}: it exists (brief init never overwrites a file)" in out
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Our repository\n"
    assert (tmp_path / "brief.toml").is_file()
    assert not (tmp_path / "sources" / "practices" / ".gitkeep").exists()  # the folder holds a file
    (tmp_path / "brief.toml").write_text('sources = "sources"\n', encoding="utf-8")
    assert main(["init", str(tmp_path), "--force", "--example"]) == 0
    assert (tmp_path / "brief.toml").read_text(encoding="utf-8") == 'sources = "sources"\n'
    assert (tmp_path / "sources" / "briefs" / "webinar-2021-10-12.yaml").is_file()
    skipped = [line for line in capsys.readouterr().out.splitlines() if line.startswith("skipped")]
    assert len(skipped) == len([name for name in SKELETON if not name.endswith(".gitkeep")])


def test_init_refuses_a_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "demo").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "demo")]) == 2
    assert (
        capsys.readouterr().err
        == f"brief: error: DIR: expected a folder, got a file at {tmp_path / 'demo'}\n"
    )


def test_init_in_the_current_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "created a content repository in .; next: brief new brief ID"
    )
    assert (tmp_path / "brief.toml").is_file()


def test_init_writes_the_install_requirement_it_is_given(tmp_path: Path) -> None:
    requirement = "brief-builder @ https://example.org/wheels/brief_builder-1.0-py3-none-any.whl"
    assert main(["-q", "init", str(tmp_path), "--install", requirement]) == 0
    workflow = (tmp_path / ".github" / "workflows" / "briefs.yml").read_text(encoding="utf-8")
    assert f"BRIEF_BUILDER: ${{{{ vars.BRIEF_BUILDER || '{requirement}' }}}}" in workflow


SOURCES = {
    "projects/coast.yaml": "acronym: COAST\ntitle: Coastal tourism in winter\nprogramme: Interreg Europe\n",
    "projects/tide.yaml": "acronym: TIDE\ntitle: Tidal energy for islands\n",
    "sessions/workshop-2022-03-03.yaml": (
        "title: Workshop on off-season tourism\n"
        "date: 2022-03-03\n"
        "type: workshop\n"
        "organiser: Policy Learning Platform\n"
        "format: hybrid\n"
        "participants:\n"
        "  projects: [coast]\n"
        "  moderators:\n"
        "    - name: Eva Lind\n"
        "      role: Thematic expert\n"
        "objectives:\n"
        "  - Compare how regions fill hotels in winter.\n"
        "topics:\n"
        "  - id: events\n"
        "    title: Events out of season\n"
        "    findings:\n"
        "      - text: Festivals in *November* filled a third of the beds.\n"
        "  - id: transport\n"
        "    title: Getting there in winter\n"
        "    findings:\n"
        "      - text: Winter ferries run when hotels share their cost.\n"
        "next_steps: A peer review follows in June.\n"
    ),
    "practices/winter-festival.yaml": (
        "title: A winter festival network\nproject: coast\nlocation:\n  country: Croatia\n"
        "summary: Ten towns share one festival calendar.\ntopics: [off-season]\n"
    ),
    "briefs/workshop-summary.yaml": "layout: event-summary\nsession: workshop-2022-03-03\nstatus: final\n",
}
"""A library written to the README's format, not copied from the examples."""


def test_sources_of_ones_own_compile_from_an_init_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    assert main(["-q", "init", str(tmp_path / "team")]) == 0
    for name, text in SOURCES.items():
        (tmp_path / "team" / "sources" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "team" / "sources" / "practices")
    assert main(["-q", "compile", "--all", "--format", "html,md", "--jobs", "1"]) == 0, (
        capsys.readouterr().err
    )
    html = (tmp_path / "team" / "output" / "workshop-summary.html").read_text(encoding="utf-8")
    for text in ("Workshop on off-season tourism", "3 March 2022", "Events out of season", "Eva Lind"):
        assert text in html
    markdown = (tmp_path / "team" / "output" / "workshop-summary.md").read_text(encoding="utf-8")
    assert [line for line in markdown.splitlines() if line.startswith("# ")] == [
        "# The event {#the-event}",
        "# Participants {#participants}",
        "# Objectives {#objectives}",
        "# Insights and takeaway messages {#insights-and-takeaway-messages}",
        "# Next steps {#next-steps}",
    ]  # no resources: no empty section


@pytest.mark.parametrize("kind", ["practice", "session", "brief"])
def test_brief_new_in_an_init_folder_needs_no_options(kind: str, tmp_path: Path, monkeypatch, capsys) -> None:
    assert main(["-q", "init", str(tmp_path)]) == 0
    monkeypatch.chdir(tmp_path / "layouts")
    assert main(["-q", "new", kind, "fresh"]) == 0
    assert (tmp_path / "sources" / FOLDERS[kind] / "fresh.yaml").is_file()

"""brief.toml: found from any subfolder, paths relative to it, options override it, every problem located."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import ROOTS

from brief_builder.app.cli import main
from brief_builder.errors import ProjectFileError, UsageError
from brief_builder.pipeline.project import Project, load_project
from brief_builder.renderers import FORMATS
from brief_builder.sources.projectfile import key_lines, read_project_file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: brief.toml, the minimal sources, an empty layouts folder."""
    folder = tmp_path / "team"
    shutil.copytree(ROOTS / "minimal" / "sources", folder / "sources")
    (folder / "layouts").mkdir()
    (folder / "brief.toml").write_text('sources = "sources"\nlayouts = ["layouts"]\n', encoding="utf-8")
    return folder


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "brief.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- where keys are -------------------------------------------------------------------


def test_key_lines_follow_tables_dotted_keys_and_skip_values() -> None:
    text = (
        "# a comment = not a key\n"  # 1
        'sources = "src"   # trailing\n'  # 2
        "layouts = [\n"  # 3
        '  "a",   # [not = a key]\n'  # 4
        '  "b = c",\n'  # 5
        "]\n"  # 6
        "\"output\" = 'out'\n"  # 7
        'notes = """\n'  # 8
        "jobs = 9\n"  # 9: inside a string
        '"""\n'  # 10
        "formats = ['pdf']\n"  # 11
        "\n"  # 12
        "[site]\n"  # 13
        'title = "x = y"\n'  # 14
        "'intro' = '''\n"  # 15
        "layout = 1'''\n"  # 16: inside a string
        '[ "site" . more ]\n'  # 17
        "a.b = 1\n"  # 18
        'site2 = { title = "t" }\n'  # 19
        'escaped = "a\\"b = c"\n'  # 20
        "jobs = 3\n"  # 21
    )
    tomllib.loads(text)  # valid TOML, as the scan assumes
    assert key_lines(text) == {
        ("sources",): 2,
        ("layouts",): 3,
        ("output",): 7,
        ("notes",): 8,
        ("formats",): 11,
        ("site",): 13,
        ("site", "title"): 14,
        ("site", "intro"): 15,
        ("site", "more"): 17,
        ("site", "more", "a"): 18,
        ("site", "more", "a", "b"): 18,
        ("site", "more", "site2"): 19,
        ("site", "more", "escaped"): 20,
        ("site", "more", "jobs"): 21,
    }


def test_top_level_dotted_keys_name_their_table() -> None:
    assert key_lines('jobs = 2\nsite.title = "T"\nsite.intro = "I"\n') == {
        ("jobs",): 1,
        ("site",): 2,
        ("site", "title"): 2,
        ("site", "intro"): 3,
    }


# --- reading the file -------------------------------------------------------------------


def test_every_setting_is_read_relative_to_the_file(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        'sources = "content/sources"\nlayouts = ["layouts", "../shared"]\noutput = "public"\n'
        'cache = ".cache"\nformats = ["pdf", "html"]\njobs = 2\n\n'
        '[site]\ntitle = "Green briefs"\nintro = "Read *all* of them."\nlayout = "our-site"\n',
    )
    settings = read_project_file(path, FORMATS)
    assert settings.sources == tmp_path / "content/sources"
    assert settings.layouts == (tmp_path / "layouts", tmp_path / "../shared")
    assert settings.output == tmp_path / "public"
    assert settings.cache == tmp_path / ".cache"
    assert settings.formats == ("pdf", "html")
    assert settings.jobs == 2
    assert (settings.site.title, settings.site.intro, settings.site.layout) == (
        "Green briefs",
        "Read *all* of them.",
        "our-site",
    )


def test_every_problem_of_the_file_is_located(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        'source = "sources"\n'  # 1
        'layouts = "layouts"\n'  # 2
        'formats = ["pdf", "odt"]\n'  # 3
        "jobs = 0\n"  # 4
        "output = 3\n"  # 5
        "\n"
        "[site]\n"  # 7
        'title = ""\n'  # 8
        'layout = "Our Site"\n'  # 9
        'colour = "red"\n',  # 10
    )
    with pytest.raises(ProjectFileError) as raised:
        read_project_file(path, FORMATS)
    assert [str(p) for p in raised.value.problems] == [
        "brief.toml:1: source: expected one of cache, formats, jobs, layouts, lint, output, site, sources, "
        "got unknown key 'source' (did you mean 'sources'?)",
        'brief.toml:2: layouts: expected a list of folders relative to brief.toml, such as ["layouts"], '
        "got 'layouts'",
        "brief.toml:3: formats[1]: expected one of pdf, docx, html, md, got 'odt'",
        "brief.toml:4: jobs: expected a whole number of at least 1, got 0",
        'brief.toml:5: output: expected a path relative to brief.toml, such as "sources", got 3',
        "brief.toml:8: site.title: expected text, got ''",
        "brief.toml:9: site.layout: expected the name of a layout (lowercase letters, digits and hyphens), "
        "got 'Our Site'",
        "brief.toml:10: site.colour: expected one of intro, layout, title, got unknown key 'colour'",
    ]
    assert str(raised.value) == "8 errors in brief.toml"


def test_a_toml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write_toml(tmp_path, 'sources = "sources"\njobs = two\n')
    with pytest.raises(ProjectFileError) as raised:
        read_project_file(path, FORMATS)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line, problem.column) == ("brief.toml", 2, 8)
    assert problem.message == "invalid TOML: Invalid value"


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.toml"
    path.write_bytes(b'sources = "caf\xe9"\n')
    with pytest.raises(ProjectFileError) as raised:
        read_project_file(path, FORMATS)
    assert [str(p) for p in raised.value.problems] == ["brief.toml: expected UTF-8 text, got byte 0xe9"]


# --- options meet the file --------------------------------------------------------------


def test_without_a_project_file_everything_is_as_before(tmp_path: Path) -> None:
    assert load_project(start=tmp_path) == Project()


def test_the_file_is_found_from_a_subfolder_and_its_paths_are_its_own(project: Path) -> None:
    found = load_project(start=project / "sources" / "practices")
    assert found.file == project / "brief.toml"
    assert found.sources.resolve() == (project / "sources").resolve()
    assert found.layouts == (project / "layouts",)
    assert found.output == project / "output"


def test_paths_inside_the_current_folder_are_shown_relative_to_it(project: Path) -> None:
    found = load_project(start=project)
    assert found.sources == Path("sources")
    assert (found.layouts, found.output) == ((Path("layouts"),), Path("output"))


def test_options_override_the_file(project: Path, tmp_path: Path) -> None:
    write_toml(project, 'layouts = ["layouts"]\noutput = "public"\nformats = ["md"]\njobs = 3\ncache = "c"\n')
    mine = tmp_path / "mine"
    mine.mkdir()
    found = load_project(
        start=project,
        sources=tmp_path / "s",
        layouts=[mine],
        output=tmp_path / "o",
        cache=tmp_path / "k",
        formats=["pdf"],
        jobs=1,
    )
    assert found.sources == tmp_path / "s"
    assert found.layouts == (mine,)
    assert found.output == tmp_path / "o"
    assert found.cache_folder == tmp_path / "k"
    assert (found.formats, found.worker_count) == (("pdf",), 1)
    unchanged = load_project(start=project)
    assert (unchanged.output, unchanged.cache_folder, unchanged.formats, unchanged.jobs) == (
        Path("public"),
        Path("c"),
        ("md",),
        3,
    )


def test_folders_the_file_names_must_exist(project: Path) -> None:
    write_toml(project, 'sources = "sauces"\nlayouts = [\n  "layouts",\n  "layuots",\n]\n')
    with pytest.raises(ProjectFileError) as raised:
        load_project(start=project)
    assert [str(p) for p in raised.value.problems] == [
        "brief.toml:1: sources: expected a folder, got nothing at sauces",
        "brief.toml:2: layouts[1]: expected a folder, got nothing at layuots",
    ]
    # an option that replaces the setting spares the check
    assert load_project(start=project, sources=project / "sources", layouts=[project / "layouts"])


def test_a_layouts_option_that_is_no_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        load_project(start=tmp_path, layouts=[tmp_path / "missing"])
    missing = (tmp_path / "missing").as_posix()
    assert str(raised.value) == f"--layouts: expected a folder, got nothing at {missing}"


# --- every command honours it ------------------------------------------------------------


def test_commands_run_from_a_subfolder_find_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project / "sources" / "practices")
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "ok: 2 briefs, 3 practices, 2 recommendations, 1 sessions, 2 projects\n"
    assert main(["outline", "policy"]) == 0
    assert capsys.readouterr().out.startswith("Testing brief  [policy-brief, en]  sources/briefs/policy.yaml")
    assert (project / ".brief-cache").is_dir()  # the cache beside the project's sources, not here
    assert not (project / "sources" / "practices" / ".brief-cache").exists()


def test_compile_takes_output_and_formats_from_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_toml(project, 'layouts = ["layouts"]\noutput = "public"\nformats = ["md", "html"]\njobs = 1\n')
    monkeypatch.chdir(project / "sources")
    assert main(["-q", "compile", "policy"]) == 0
    assert sorted(p.name for p in (project / "public").iterdir()) == ["policy.html", "policy.md"]
    assert main(["-q", "compile", "event", "--format", "md"]) == 0
    assert sorted(p.name for p in (project / "public").iterdir()) == ["event.md", "policy.html", "policy.md"]


def test_schema_and_new_write_into_the_project_sources(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project / "layouts")
    assert main(["-q", "schema"]) == 0
    assert (project / "sources" / ".schemas" / "brief.schema.json").is_file()
    assert main(["-q", "new", "practice", "fresh"]) == 0
    assert (project / "sources" / "practices" / "fresh.yaml").is_file()


def test_a_bad_project_file_stops_every_command_with_its_problems(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_toml(project, 'sources = "sources"\njobs = "many"\nlayouts = ["nowhere"]\n')
    monkeypatch.chdir(project)
    commands = (["validate"], ["compile", "--all"], ["outline", "policy"], ["site"], ["new", "project", "x"])
    for argv in commands:
        assert main(argv) == 2, argv
        assert capsys.readouterr().err == (
            "brief.toml:2: jobs: expected a whole number of at least 1, got 'many'\n"
            "brief: error: 1 error in brief.toml\n"
        )
    write_toml(project, 'layouts = ["nowhere"]\n')
    assert main(["validate"]) == 2
    assert capsys.readouterr().err == (
        "brief.toml:1: layouts[0]: expected a folder, got nothing at nowhere\n"
        "brief: error: 1 error in brief.toml\n"
    )


def test_a_layout_beside_the_sources_that_is_not_searched_is_pointed_at(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "layouts" / "ours").mkdir()
    (project / "layouts" / "ours" / "layout.yaml").write_text("extends: policy-brief\n", encoding="utf-8")
    (project / "sources" / "briefs" / "policy.yaml").write_text(
        "title: T\nlayout: ours\nsections:\n  - title: A\n", encoding="utf-8"
    )
    monkeypatch.chdir(project)
    assert main(["-q", "validate"]) == 0  # brief.toml names the folder
    (project / "brief.toml").unlink()
    assert main(["validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "sources/briefs/policy.yaml:2: layout: expected one of the layouts event-summary, policy-brief, got "
        f"'ours' ({project / 'layouts' / 'ours'} is not searched: add its folder to brief.toml's layouts, "
        "or use --layouts)"
    )

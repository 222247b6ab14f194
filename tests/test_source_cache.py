"""The source cache: what it gives back equals a fresh read, and every change is seen."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brief_builder.app.cli import main
from brief_builder.layouts import BUILTIN_LAYOUTS
from brief_builder.pipeline.memo import Checked, SourceCache, check_sources, default_cache_folder
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import Validation, validate
from brief_builder.sources import library as library_module
from brief_builder.sources.fastyaml import NOT_PLAIN_DATA, not_plain_data


def _check(sources: Path, layouts: tuple[Path, ...], cache: SourceCache | None) -> Checked:
    return check_sources(Project(sources=sources, layouts=layouts), cache)


BROKEN_PRACTICE = "title: Broken\nproject: nowhere\nsummary: 12\n"
WARNED_PRACTICE = (
    'title: "Odd\\x07 title"\nproject: alpha\nlocation:\n  country: Spain\ntopics: [capacity building]\n'
    "summary: Fine.\nstatus: submitted\n"
)


@pytest.fixture
def cache(tmp_path: Path) -> SourceCache:
    return SourceCache(tmp_path / "cache")


@pytest.fixture
def troubled(minimal: Path, write) -> Path:
    """The minimal library with an error (and an unknown reference) and a warning."""
    write("practices/broken.yaml", BROKEN_PRACTICE)
    write("practices/odd.yaml", WARNED_PRACTICE)
    return minimal


def outlines(validation: Validation) -> dict[str, str]:
    return {name: c.result.outline.model_dump_json() for name, c in validation.compiled.items()}


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths ``load_library`` parses from now on."""
    reads: list[Path] = []
    real = library_module.read_yaml

    def counting(path: Path, *args, **kwargs):
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(library_module, "read_yaml", counting)
    return reads


def test_problems_and_outlines_equal_a_fresh_read_cold_per_file_and_whole(
    minimal: Path, write, cache: SourceCache
) -> None:
    write("practices/odd.yaml", WARNED_PRACTICE)
    project = Project(sources=minimal)
    fresh = validate(project)
    assert [p for p in fresh.problems if not p.is_error], "the library should have a warning"
    cold = validate(project, cache=cache)
    whole = validate(project, cache=cache)
    (cache.folder / "sources").joinpath("x").write_text("")  # unrelated files are left alone
    for stored in (cache.folder / "sources").glob("compile-*.pickle"):
        stored.unlink()  # only the per-file readings are left
    per_file = validate(project, cache=cache)
    for validation in (cold, whole, per_file):
        assert validation.problems == fresh.problems
        assert outlines(validation) == outlines(fresh)
        assert validation.counts == fresh.counts


def test_the_same_errors_are_reported_from_the_cache(troubled: Path, cache: SourceCache) -> None:
    fresh = _check(troubled, (), None)
    assert any(p.is_error for p in fresh.problems)
    assert _check(troubled, (), cache) == fresh
    assert _check(troubled, (), cache) == fresh
    for stored in (cache.folder / "sources").glob("validate-*.pickle"):
        stored.unlink()
    assert _check(troubled, (), cache) == fresh


def test_nothing_changed_reuses_the_whole_validation(
    minimal: Path, cache: SourceCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(sources=minimal)
    first = validate(project, ["policy"], cache=cache)
    first_checked = _check(minimal, (), cache)

    def refuse(*args, **kwargs):
        raise AssertionError("the library was read again")

    monkeypatch.setattr("brief_builder.sources.library.load_library", refuse)
    again = validate(project, ["policy"], cache=cache)
    assert outlines(again) == outlines(first)
    assert again.problems == first.problems
    assert _check(minimal, (), cache) == first_checked


def test_an_edited_file_is_read_again_and_only_it(
    minimal: Path, write, cache: SourceCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(sources=minimal)
    validate(project, cache=cache)
    reads = count_reads(monkeypatch)
    path = minimal / "practices" / "alpha-academy.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("title:", "title: Renamed", 1), encoding="utf-8")
    edited = validate(project, cache=cache)
    assert reads == [path]
    assert outlines(edited) == outlines(validate(project))
    assert "Renamed" in "".join(outlines(edited).values())


def test_a_file_back_to_earlier_content_reuses_its_reading(
    minimal: Path, cache: SourceCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(sources=minimal)
    path = minimal / "practices" / "alpha-academy.yaml"
    original = path.read_text(encoding="utf-8")
    validate(project, cache=cache)
    path.write_text(original + "\n# edited\n", encoding="utf-8")
    validate(project, cache=cache)
    reads = count_reads(monkeypatch)
    path.write_text(original, encoding="utf-8")
    back = validate(project, cache=cache)
    assert reads == []
    assert outlines(back) == outlines(validate(project))


def test_adding_and_removing_files_is_seen(minimal: Path, write, cache: SourceCache) -> None:
    ok = _check(minimal, (), cache)
    assert ok.problems == [] and ok.counts["practices"] == 3
    write("practices/broken.yaml", BROKEN_PRACTICE)
    added = _check(minimal, (), cache)
    assert added == _check(minimal, (), None)
    assert added.counts["practices"] == 3 and any(p.path.endswith("broken.yaml") for p in added.problems)
    (minimal / "practices" / "broken.yaml").unlink()
    (minimal / "practices" / "mid-check.yaml").unlink()
    removed = _check(minimal, (), cache)
    assert removed == _check(minimal, (), None)
    assert removed.counts["practices"] == 2


def test_a_layout_change_is_seen_by_compile_and_validate(
    minimal: Path, tmp_path: Path, cache: SourceCache
) -> None:
    mine = tmp_path / "layouts"
    shutil.copytree(BUILTIN_LAYOUTS / "policy-brief", mine / "policy-brief")
    project = Project(sources=minimal, layouts=(mine,))
    before = validate(project, cache=cache)
    assert _check(minimal, (mine,), cache).problems == []
    layout_file = mine / "policy-brief" / "layout.yaml"
    layout_file.write_text(layout_file.read_text(encoding="utf-8") + "\nunknown: 1\n", encoding="utf-8")
    after = _check(minimal, (mine,), cache)
    assert after == _check(minimal, (mine,), None)
    assert any(p.field == "unknown" for p in after.problems)
    layout_file.write_text(
        layout_file.read_text(encoding="utf-8").replace("\nunknown: 1\n", "\n"), encoding="utf-8"
    )
    # a label change alters the outlines: the stored ones must not be served
    text = layout_file.read_text(encoding="utf-8")
    assert "    project: Project\n" in text
    layout_file.write_text(text.replace("    project: Project\n", "    project: Projekt-label\n"), "utf-8")
    changed = validate(project, cache=cache)
    assert outlines(changed) == outlines(validate(project))
    assert outlines(changed) != outlines(before)
    assert "Projekt-label" in "".join(outlines(changed).values())


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_is_ignored_with_a_warning(
    troubled: Path, cache: SourceCache, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    fresh = validate(Project(sources=troubled))
    fresh_checked = _check(troubled, (), None)
    validate(Project(sources=troubled), cache=cache)
    _check(troubled, (), cache)
    stored = sorted((cache.folder / "sources").rglob("*.pickle"))
    assert len([p for p in stored if p.parent.name.startswith("files-")]) > 1  # shards of readings
    assert len([p for p in stored if not p.parent.name.startswith("files-")]) == 2  # compile, validate
    for path in stored:
        path.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="brief_builder.pipeline.memo"):
        assert _check(troubled, (), cache) == fresh_checked
        again = validate(Project(sources=troubled), cache=cache)
    assert again.problems == fresh.problems
    assert outlines(again) == outlines(fresh)
    if damage:
        assert "cannot be read" in caplog.text


def test_a_cache_holding_other_objects_is_ignored(troubled: Path, cache: SourceCache) -> None:
    import pickle

    fresh = _check(troubled, (), None)
    _check(troubled, (), cache)
    for path in (cache.folder / "sources").rglob("*.pickle"):
        path.write_bytes(pickle.dumps({"readings": ["of", "another", "kind"]}))
    assert _check(troubled, (), cache) == fresh
    validate(Project(sources=troubled), cache=cache)


def test_validate_prints_the_same_warm_and_cold(
    troubled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = []
    for extra in (["--no-cache"], [], []):
        code = main(["validate", "--sources", str(troubled), *extra])
        runs.append((code, capsys.readouterr()))
    assert [code for code, _ in runs] == [1, 1, 1]
    assert runs[0][1] == runs[1][1] == runs[2][1]
    assert "1 error" in runs[0][1].err or "errors" in runs[0][1].err
    assert (tmp_path / ".brief-cache" / "sources").is_dir()


def test_validate_ok_the_same_warm_and_cold(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["validate", "--sources", str(minimal), "--strict"]) == 0
        outputs.append(capsys.readouterr())
    assert outputs[0] == outputs[1]
    assert outputs[0].out == "ok: 2 briefs, 3 practices, 2 recommendations, 1 sessions, 2 projects\n"


def test_no_cache_reads_and_writes_no_cache(minimal: Path, tmp_path: Path) -> None:
    assert main(["validate", "--sources", str(minimal), "--no-cache"]) == 0
    assert not (tmp_path / ".brief-cache").exists()
    elsewhere = tmp_path / "elsewhere"
    assert main(["validate", "--sources", str(minimal), "--cache-dir", str(elsewhere)]) == 0
    assert (elsewhere / "sources").is_dir()
    assert not (tmp_path / ".brief-cache").exists()


def test_validate_and_compile_share_the_default_cache_folder(minimal: Path, tmp_path: Path) -> None:
    output = tmp_path / "somewhere" / "output"
    assert main(["validate", "--sources", str(minimal)]) == 0
    compile_args = ["compile", "--all", "--format", "md", "--sources", str(minimal), "--output", str(output)]
    assert main(compile_args) == 0
    folder = minimal.parent / ".brief-cache"
    assert default_cache_folder(minimal) == folder
    entries = {p.name for p in folder.iterdir()}
    assert "sources" in entries and len(entries) > 1  # the source cache and the build cache's shards
    assert not (output.parent / ".brief-cache").exists()


@given(st.text(alphabet="ab !%<\n\t[{,:-", max_size=40))
def test_the_quick_plain_data_check_agrees_with_the_pattern(text: str) -> None:
    assert not_plain_data(text) == (NOT_PLAIN_DATA.search(text) is not None)


def test_compile_reports_the_same_warm_and_cold(
    troubled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import compile_argv

    runs = []
    for extra in (("--no-cache",), (), ()):
        code = main(compile_argv(troubled, tmp_path / "out", formats="md", extra=extra))
        runs.append((code, capsys.readouterr()))
    assert [code for code, _ in runs] == [1, 1, 1]
    assert runs[0][1] == runs[1][1] == runs[2][1]
    (troubled / "practices" / "broken.yaml").unlink()
    summaries = []
    for extra in (("--no-cache", "--json"), ("--json",), ("--json",)):
        code = main(compile_argv(troubled, tmp_path / "out", formats="md", extra=extra))
        summaries.append((code, capsys.readouterr().out))
    assert [code for code, _ in summaries] == [0, 0, 0]
    assert summaries[0][1] == summaries[1][1] == summaries[2][1]
    assert '"warnings": [' in summaries[0][1] and "U+0007" in summaries[0][1]


def test_links_are_read_afresh_every_time(minimal: Path, tmp_path: Path, cache: SourceCache) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("acronym: X\ntitle: Outside\n")
    (minimal / "projects" / "outside.yaml").symlink_to(outside)
    (minimal / "projects" / "inside.yaml").symlink_to(minimal / "projects" / "alpha.yaml")
    for _ in range(2):
        assert _check(minimal, (), cache) == _check(minimal, (), None)
    alpha = minimal / "projects" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    changed = _check(minimal, (), cache)
    assert changed == _check(minimal, (), None)
    assert {p.path for p in changed.problems if p.is_error} >= {
        "sources/projects/alpha.yaml",
        "sources/projects/inside.yaml",
    }

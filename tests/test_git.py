"""Reading git: a work tree's version stamp, and a sources folder as it was at a revision."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, git, git_project, needs_git

from brief_builder.errors import UsageError
from brief_builder.sources.git import Version, export_revision, read_version

pytestmark = needs_git


def test_version_of_a_clean_then_dirty_work_tree(tmp_path: Path) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    commit = git(sources, "rev-parse", "--short", "HEAD").strip()
    assert read_version(sources) == Version(commit=commit, dirty=False)
    assert str(read_version(sources)) == commit
    (sources / "projects" / "alpha.yaml").write_text("acronym: A\ntitle: Changed\n", encoding="utf-8")
    assert read_version(sources) == Version(commit=commit, dirty=True)
    assert str(read_version(sources)) == f"{commit}+dirty"


def test_a_new_untracked_file_makes_the_tree_dirty(tmp_path: Path) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    (sources / "projects" / "new.yaml").write_text("acronym: N\ntitle: New\n", encoding="utf-8")
    version = read_version(sources)
    assert version is not None and version.dirty


def test_no_version_outside_a_work_tree_or_without_git(
    tmp_path: Path, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_version(minimal) is None
    assert read_version(tmp_path / "missing") is None
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert read_version(sources) is None


def test_export_revision_gives_the_committed_files(tmp_path: Path) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    alpha = sources / "projects" / "alpha.yaml"
    committed = alpha.read_text(encoding="utf-8")
    alpha.write_text("acronym: A\ntitle: Changed\n", encoding="utf-8")
    copy = export_revision(sources, "HEAD", tmp_path / "old")
    assert copy == tmp_path / "old" / "sources"
    assert (copy / "projects" / "alpha.yaml").read_text(encoding="utf-8") == committed
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.yaml")) == sorted(
        p.relative_to(sources) for p in sources.rglob("*.yaml")
    )


def test_export_revision_refuses_an_unknown_revision_or_a_folder_outside_git(
    tmp_path: Path, minimal: Path
) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    with pytest.raises(UsageError, match="unknown git revision 'no-such-rev'"):
        export_revision(sources, "no-such-rev", tmp_path / "old")
    with pytest.raises(UsageError, match="is not inside a git work tree"):
        export_revision(minimal, "HEAD", tmp_path / "old2")

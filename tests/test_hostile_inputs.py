"""Tests of pathological inputs: each a located problem or warning among the others, not an internal error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brief_builder.app.cli import main


def test_a_loop_of_symbolic_links_in_the_sources_is_a_problem_among_the_others(
    minimal: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal / "practices" / "a.yaml").symlink_to("b.yaml")
    (minimal / "practices" / "b.yaml").symlink_to("a.yaml")
    (minimal / "recommendations").rename(minimal.parent / "elsewhere")
    (minimal / "recommendations").symlink_to("recommendations")
    write("projects/broken.yaml", "title: [\n")
    assert main(["validate", "--sources", str(minimal)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "sources/practices/a.yaml: expected a file, got a loop of symbolic links\n" in err
    assert "sources/practices/b.yaml: expected a file, got a loop of symbolic links\n" in err
    assert "sources/recommendations: expected a folder, got a loop of symbolic links\n" in err
    assert "sources/projects/broken.yaml:" in err

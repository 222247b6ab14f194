"""Tests of pathological inputs: each a located problem or warning among the others, not an internal error."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from brief_builder.app.cli import main
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline
from brief_builder.pipeline.render_cache import BuildCache
from brief_builder.renderers import Rendered, RenderOptions
from brief_builder.renderers.docx import render as render_docx


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


WRONG_SHAPES = ["[1, 2]", '"text"', "null", '{"sha256": 5}', '{"sha256": "%s", "pages": "many"}']


@pytest.mark.parametrize("meta", WRONG_SHAPES)
def test_a_build_cache_entry_of_the_wrong_shape_is_rendered_again(
    tmp_path: Path, meta: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = BuildCache(tmp_path)
    cache.put("ab" + "0" * 62, b"bytes", 3)
    assert cache.get("ab" + "0" * 62) == Rendered(b"bytes", 3)
    entry = tmp_path / "ab" / ("ab" + "0" * 62 + ".json")
    entry.write_text(meta.replace("%s", hashlib.sha256(b"bytes").hexdigest()), encoding="utf-8")
    assert cache.get("ab" + "0" * 62) is None
    assert "build cache entry" in caplog.text


def test_docx_core_properties_are_cut_to_255_characters(outline: Outline, layout: Layout) -> None:
    long = outline.model_copy(
        update={"meta": outline.meta.model_copy(update={"title": "T" * 10_000, "subtitle": "S" * 300})}
    )
    document = docx.Document(io.BytesIO(render_docx(long, layout, RenderOptions()).data))
    properties = document.core_properties
    assert len(properties.title) == 255 and properties.title == "T" * 254 + "\u2026"
    assert len(properties.subject) == 255
    assert properties.identifier == outline.meta.id


def test_a_cut_docx_property_is_a_located_warning_warm_and_cold(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import compile_argv

    brief = minimal / "briefs" / "policy.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(re.sub(r"(?m)^title: .*$", "title: " + "Very long title " * 20, text, count=1))
    line = next(n for n, row in enumerate(brief.read_text().splitlines(), 1) if row.startswith("title: "))
    expected = (
        f"sources/briefs/policy.yaml:{line}: warning: title: expected at most 255 characters "
        "for the DOCX's title property, got 319: cut"
    )
    for run in ("cold", "warm"):
        assert main(compile_argv(minimal, tmp_path / "out", "policy", formats="docx")) == 0, run
        err = capsys.readouterr().err
        assert expected in err.splitlines(), (run, err)
    assert main(compile_argv(minimal, tmp_path / "out", "policy", formats="md")) == 0
    assert "property" not in capsys.readouterr().err  # only a DOCX has the property
    assert main(compile_argv(minimal, tmp_path / "out", "policy", formats="docx", extra=("--final",))) == 1


def test_an_unknown_brief_among_many_suggests_the_closest_and_cuts_the_list(
    minimal: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    policy = (minimal / "briefs" / "policy.yaml").read_text(encoding="utf-8")
    for number in range(150):
        write(f"briefs/brief-{number:03d}.yaml", policy)
    assert main(["outline", "brief-1499", "--sources", str(minimal)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("brief: error: unknown brief 'brief-1499' (did you mean 'brief-149'")
    assert err.endswith(
        ": brief-000, brief-001, brief-002, brief-003, brief-004, brief-005, brief-006, "
        "brief-007, brief-008, brief-009 and 142 more\n"
    )
    assert len(err) < 400

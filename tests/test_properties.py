"""Property-based: whatever the sources hold, reading and merging end in data or in our own problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_builder.errors import Problem
from brief_builder.outline import ItemsBlock
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.sources.yaml import XML_FORBIDDEN

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates().map(lambda d: d.isoformat()),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
practice_keys = st.sampled_from(
    ["title", "project", "location", "summary", "themes", "topics", "status", "url", "timescale", "titel"]
)


def _copy_minimal(tmp: Path) -> Path:
    target = tmp / "sources"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOTS / "minimal" / "sources", target)
    return target


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_problems_not_exceptions(tmp_path: Path, raw: bytes) -> None:
    root = _copy_minimal(tmp_path)
    (root / "practices" / "random.yaml").write_bytes(raw)
    validation = validate(Project(sources=root))
    assert all(isinstance(p, Problem) and p.path for p in validation.problems)


@SETTINGS
@given(data=st.dictionaries(practice_keys, yaml_values, max_size=8))
def test_any_structure_gives_problems_not_exceptions(tmp_path: Path, data: dict) -> None:
    root = _copy_minimal(tmp_path)
    # JSON is YAML: any structure written this way must be read back and judged
    (root / "practices" / "random.yaml").write_text(json.dumps(data, default=str), encoding="utf-8")
    validation = validate(Project(sources=root))
    assert all(problem.path.startswith("sources/") for problem in validation.problems)
    errors_here = [p for p in validation.errors if p.path == "sources/practices/random.yaml"]
    accepted = validation.counts["practices"] == 4  # the minimal library holds three
    assert accepted != bool(errors_here), "a practice is either read or refused with its own error"


@SETTINGS
@given(title=st.text(min_size=1, max_size=80).filter(lambda t: t.strip()), body=st.text(max_size=200))
def test_any_unicode_text_reaches_the_outline_intact(tmp_path: Path, title: str, body: str) -> None:
    root = _copy_minimal(tmp_path)
    text = json.dumps(
        {
            "title": title,
            "project": "alpha",
            "location": {"country": "Italy"},
            "summary": body or "x",
            "topics": ["internationalisation"],
        }
    )
    (root / "practices" / "zz-unicode.yaml").write_text(text, encoding="utf-8")
    validation = validate(Project(sources=root))
    expected = XML_FORBIDDEN.sub("", title).strip()
    if not expected:
        assert validation.errors
        return
    if validation.errors:  # e.g. a body holding a Markdown link to a relative path
        return
    outline = validation.compiled["policy"].result.outline
    placed = {
        item.id: item
        for s in outline.walk()
        for b in s.blocks
        if isinstance(b, ItemsBlock)
        for item in b.items
    }
    assert placed["zz-unicode"].title == expected

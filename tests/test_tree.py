"""The code keeps the shape the README describes: every module says what it turns into what, none is long."""

from __future__ import annotations

import ast

import pytest
from conftest import REPO

PACKAGE = REPO / "brief_builder"
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if "builtin" not in path.parts)
LONGEST = 600


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_module_opens_with_one_line_and_stays_short(path) -> None:
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring, f"{path.relative_to(REPO)} opens with no docstring"
    first = docstring.splitlines()[0]
    assert first.endswith(".") and len(first) <= 110, first
    assert len(text.splitlines()) <= LONGEST, f"{path.relative_to(REPO)}: over {LONGEST} lines"

"""Table-driven: each folder of tests/roots/cases/ overlays the minimal tree with broken files.

``expected.txt`` beside the overlay holds the exit code and the exact messages of
``brief validate`` (or of the command in ``args.txt``, whose ``{output}`` is a fresh
folder). Regenerate one after a deliberate change of wording with
``BRIEF_REGENERATE=1 pytest tests/test_cases.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from brief_builder.app.cli import main

CASES = sorted(p for p in (ROOTS / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(case / "sources", minimal, dirs_exist_ok=True)
    args = case / "args.txt"
    command = args.read_text(encoding="utf-8").split() if args.exists() else ["validate"]
    output = str(tmp_path / "output")
    code = main([part.replace("{output}", output) for part in command] + ["--sources", str(minimal)])
    err = capsys.readouterr().err
    actual = f"exit: {code}\n{err}"
    expected_file = case / "expected.txt"
    if os.environ.get("BRIEF_REGENERATE"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_twenty_mistakes_are_all_reported_in_one_run() -> None:
    """One error per mistake: the misspelt ``titel`` is one error, not an unknown and a missing key."""
    expected = (ROOTS / "cases" / "twenty-mistakes" / "expected.txt").read_text(encoding="utf-8")
    lines = expected.splitlines()
    assert lines[0] == "exit: 1"
    assert lines[-1] == "20 errors in 6 files"
    assert len(lines) - 2 == 20

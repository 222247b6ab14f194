"""Start-up cost: each command imports only what it needs, checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

HEAVY = ("weasyprint", "docx", "jinja2", "pydantic")

PROBE = """
import json, sys
from brief_builder.app.cli import main
code = main(json.loads(sys.argv[1]))
wanted = set(json.loads(sys.argv[2]))
loaded = sorted({name.split(".")[0] for name in sys.modules} & wanted | set(sys.modules) & wanted)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def loaded_after(argv: list[str], cwd: Path, modules: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of ``modules`` (packages or modules) are loaded after ``main(argv)`` ran in a new interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return report["loaded"]


def test_help_imports_no_renderer_and_no_models() -> None:
    assert loaded_after(["--help"], REPO) == []


def test_validate_imports_no_renderer() -> None:
    assert loaded_after(["-q", "validate", "--no-cache"], REPO) == ["pydantic"]


def test_validate_with_nothing_changed_imports_not_even_the_models(tmp_path: Path) -> None:
    argv = ["-q", "validate", "--sources", str(REPO / "sources"), "--cache-dir", str(tmp_path / "cache")]
    assert loaded_after(argv, tmp_path) == ["pydantic"]  # the first run fills the source cache
    assert loaded_after(argv, tmp_path) == []


@pytest.mark.parametrize(
    ("formats", "expected"),
    [("md", ["pydantic"]), ("html", ["jinja2", "pydantic"]), ("docx", ["docx", "pydantic"])],
)
def test_compile_imports_only_the_renderers_of_the_formats_asked_for(
    tmp_path: Path, formats: str, expected: list[str]
) -> None:
    argv = [
        "-q",
        "compile",
        "--all",
        "--no-cache",
        "--jobs",
        "1",
        "--format",
        formats,
        "--sources",
        str(REPO / "sources"),
        "--output",
        str(tmp_path),
    ]
    assert loaded_after(argv, tmp_path) == expected
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [f".{formats}"] * 2


def test_compile_with_nothing_changed_reads_no_rules_and_no_source_models(tmp_path: Path) -> None:
    argv = ["-q", "compile", "--all", "--format", "md", "--sources", str(REPO / "sources")]
    argv += ["--output", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]
    fresh = ("brief_builder.rules.merge", "brief_builder.sources.models", "markdown_it")
    assert loaded_after(argv, tmp_path, fresh) == list(fresh)  # the first run validates
    assert loaded_after(argv, tmp_path, fresh) == []


SPAWNS = """
import ctypes.util, json, subprocess
spawned = []
original_init = subprocess.Popen.__init__
def counting_init(self, args, *rest, **options):
    spawned.append(args)
    original_init(self, args, *rest, **options)
subprocess.Popen.__init__ = counting_init
find_library = ctypes.util.find_library
import brief_builder.renderers.pdf
print(json.dumps({"spawned": spawned, "restored": ctypes.util.find_library is find_library}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the short-cut is for Linux only")
def test_loading_the_pdf_renderer_starts_no_process() -> None:
    """WeasyPrint's libraries load by soname: no ldconfig, gcc or ld run to look for them."""
    result = subprocess.run(
        [sys.executable, "-c", SPAWNS], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"spawned": [], "restored": True}

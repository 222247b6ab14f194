"""Shared fixtures and helpers: sample source trees copied into a temporary folder, the readers' tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Outline

TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
REPO = TESTS.parent
sys.path.insert(0, str(TESTS))

# The property tests draw the same examples on every run, so that `make test` (and CI) fails
# for a change, never for a draw; `make explore` draws new ones (HYPOTHESIS_PROFILE=explore).
settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))


@pytest.fixture(scope="session")
def layout() -> Layout:
    """The built-in policy-brief layout."""
    return load_layout("policy-brief")


@pytest.fixture(scope="session")
def outline() -> Outline:
    """The hand-made outline of ``sample_outline.py``, with every block kind and display."""
    from sample_outline import sample_outline

    return sample_outline()


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both example briefs compiled once per session to PDF, DOCX and HTML (as final: their status)."""
    from brief_builder.app.cli import main

    output = tmp_path_factory.mktemp("output")
    code = main(
        compile_argv(str(REPO / "sources"), str(output), formats="pdf,docx,html", extra=("--no-cache",))
    )
    assert code == 0
    return output


@pytest.fixture(scope="session")
def every_block(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests/roots/every-block/every-block.yaml`` (every kind of item shown every way, every kind of
    text, four levels of sections) compiled once per session with the examples' sources."""
    from brief_builder.app.cli import main

    sources = tmp_path_factory.mktemp("every-block") / "sources"
    shutil.copytree(REPO / "sources", sources)
    shutil.copy(ROOTS / "every-block" / "every-block.yaml", sources / "briefs")
    output = sources.parent / "output"
    argv = compile_argv(
        str(sources), str(output), "every-block", formats="pdf,docx,html", extra=("--no-cache",)
    )
    assert main(argv) == 0
    return output


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the output of a local run, even when they run in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of ``tests/roots/minimal/sources``: a small, valid library with two briefs."""
    target = tmp_path / "sources"
    shutil.copytree(ROOTS / "minimal" / "sources", target)
    return target


@pytest.fixture
def write(minimal: Path) -> Callable[[str, str], Path]:
    """Write (or overwrite) a file of the minimal tree: ``write("practices/x.yaml", text)``."""

    def write_file(relative: str, text: str) -> Path:
        path = minimal / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file


def compile_argv(
    sources: Path | str,
    output: Path | str,
    *briefs: str,
    formats: str = "pdf,docx,html",
    extra: tuple[str, ...] = (),
    quiet: bool = True,
) -> list[str]:
    """Arguments of a ``brief compile`` of ``briefs`` (all when none are named), quiet by default."""
    chosen = list(briefs) or ["--all"]
    return [
        *(["--quiet"] if quiet else []),
        "compile",
        *chosen,
        "--format",
        formats,
        "--sources",
        str(sources),
        "--output",
        str(output),
        *extra,
    ]


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` with a fixed identity; its output."""
    command = [
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
        *args,
    ]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True).stdout


def git_project(tmp_path: Path, sources: Path) -> Path:
    """A git work tree in ``tmp_path/project`` with a copy of ``sources`` committed; its sources folder."""
    project = tmp_path / "project"
    shutil.copytree(sources, project / "sources")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "sources")
    return project / "sources"


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def needs(tool: str) -> pytest.MarkDecorator:
    """Skip the test where ``tool`` (a reader's program: pdftotext, qpdf, soffice ...) is not installed."""
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed")


def run(*command: str | Path) -> str:
    """What ``command`` prints; the test fails if it fails or takes over two minutes, and is skipped
    where the program is not installed (CI installs them all: ``make check-tools``)."""
    if shutil.which(str(command[0])) is None:
        pytest.skip(f"{command[0]} is not installed")
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=True, timeout=120
    ).stdout


FALLBACK_FONTS = Path("/usr/share/fonts/truetype/dejavu")
"""The only system fonts LibreOffice is shown in tests of the fonts a DOCX embeds (when present)."""


def libreoffice_pdf(document: Path, hide_system_fonts: bool = False) -> Path:
    """``document`` converted to PDF by LibreOffice beside it (with a profile of its own there); the PDF.

    With ``hide_system_fonts``, fontconfig knows only DejaVu, so that any other font in the PDF
    came from the document itself.
    """
    folder = document.parent
    env = dict(os.environ)
    if hide_system_fonts and FALLBACK_FONTS.is_dir():
        config = folder / "fonts.conf"
        config.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            f"<dir>{FALLBACK_FONTS}</dir><cachedir>{folder / 'fontcache'}</cachedir></fontconfig>",
            encoding="utf-8",
        )
        env["FONTCONFIG_FILE"] = str(config)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(folder / 'libreoffice-profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        capture_output=True,
        check=True,
        timeout=240,
        env=env,
    )
    return folder / f"{document.stem}.pdf"


def pdf_text(path: Path, *options: str) -> str:
    """What ``pdftotext`` reads from ``path``."""
    return run("pdftotext", *options, path, "-")


def extending_layout(folder: Path, blocks: str, settings: str = "") -> Path:
    """A layout in ``folder``, named after it, that extends policy-brief: ``settings`` are the lines of
    its layout.yaml after ``extends``, ``blocks`` the Jinja blocks its page template overrides."""
    folder.mkdir(parents=True)
    (folder / "layout.yaml").write_text(f"extends: policy-brief\n{settings}", encoding="utf-8")
    (folder / "brief.html.jinja").write_text(
        f'{{% extends "policy-brief/brief.html.jinja" %}}\n{blocks}', encoding="utf-8"
    )
    return folder

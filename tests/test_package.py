"""The wheel, installed into a fresh venv outside the checkout, compiles briefs on its own (slow: marked).

The one test that builds the package: CI runs it with the whole suite; ``-m "not package"``
leaves it out while working.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

from brief_builder import __version__

PACKAGED = [
    "brief_builder/layouts/builtin/policy-brief/layout.yaml",
    "brief_builder/layouts/builtin/policy-brief/brief.html.jinja",
    "brief_builder/layouts/builtin/policy-brief/print.css",
    "brief_builder/layouts/builtin/policy-brief/fonts/SourceSans3-Regular.ttf",
    "brief_builder/layouts/builtin/policy-brief/fonts/OFL.txt",
    "brief_builder/layouts/builtin/event-summary/layout.yaml",
    "brief_builder/layouts/builtin/site/site.yaml",
    "brief_builder/layouts/builtin/site/index.html.jinja",
    "brief_builder/starter/files/brief.toml",
    "brief_builder/starter/files/github/workflows/briefs.yml",
    "brief_builder/starter/files/example/sources/briefs/webinar-2021-10-12.yaml",
]
"""Files of the wheel that are no Python module: what a checkout has and an install must too."""


def run(argv: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    environment.pop("PYTHONPATH", None)
    done = subprocess.run(argv, cwd=cwd, env=environment, capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, f"{' '.join(argv)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.package
def test_the_wheel_works_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(dist)], cwd=tmp_path)
    (wheel,) = dist.glob("brief_builder-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert set(PACKAGED) <= names
    assert not any(name.startswith(("layouts/", "tests/", "sources/")) for name in names)

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python, brief = environment / "bin" / "python", environment / "bin" / "brief"
    run([str(python), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    where = run([str(python), "-c", "import brief_builder; print(brief_builder.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(environment)  # the package, not the checkout
    assert run([str(python), "-m", "brief_builder", "--version"], cwd=tmp_path).stdout == (
        f"brief, version {__version__}\n"
    )

    # the examples of the checkout, compiled by the installed package from another folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    argv = [str(brief), "-q", "compile", "--all", "--format", "pdf,docx,html", "--jobs", "2"]
    run([*argv, "--sources", str(REPO / "sources"), "--output", str(tmp_path / "examples")], cwd=elsewhere)
    assert sorted(p.name for p in (tmp_path / "examples").iterdir()) == sorted(
        f"{name}.{ext}"
        for name in ("community-brainstorming-2021-05-20", "sme-internationalisation")
        for ext in ("pdf", "docx", "html")
    )
    fonts = run(
        ["pdffonts", str(tmp_path / "examples" / "sme-internationalisation.pdf")], cwd=tmp_path, check=False
    )
    if fonts.returncode == 0:  # poppler-utils (make check-tools): the bundled font is embedded
        assert "Source-Sans-3" in fonts.stdout

    # a content repository: brief init, then brief compile --all inside it
    run([str(brief), "-q", "init", "demo", "--example"], cwd=tmp_path)
    demo = tmp_path / "demo"
    run([str(brief), "-q", "compile", "--all", "--jobs", "2"], cwd=demo)
    assert sorted(p.suffix for p in (demo / "output").iterdir()) == [
        ".docx",
        ".docx",
        ".html",
        ".html",
        ".pdf",
        ".pdf",
    ]
    practices = demo / "sources" / "practices"
    assert run([str(brief), "validate"], cwd=practices).stdout.startswith("ok: 2 briefs")

    # a broken practice blocks the policy brief, not the event summary: both facts are told
    (practices / "broken.yaml").write_text("title: Broken\nproject: green-ports\n", encoding="utf-8")
    for path in (demo / "output").iterdir():
        path.unlink()
    done = run(
        [str(brief), "compile", "--all", "--format", "html", "--jobs", "1", "--no-cache"],
        cwd=practices,
        check=False,
    )
    assert done.returncode == 1
    assert f"wrote {demo / 'output' / 'webinar-2021-10-12.html'}" in done.stdout
    assert (
        "sources/practices/broken.yaml:1: location: expected a value (this field is required)" in done.stderr
    )
    assert "not compiled: low-carbon-ports (errors in sources/practices/broken.yaml)" in done.stderr
    assert sorted(p.name for p in (demo / "output").iterdir()) == ["webinar-2021-10-12.html"]

"""The GitHub Actions workflow: its shape, and its commands run here against the example sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, git_project, needs_git
from ruamel.yaml import YAML

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
LOCAL_STEPS = ("Validate", "Compile drafts", "Diff the briefs")
"""Steps whose commands need nothing of GitHub's: they run in the test."""


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in workflow["jobs"]["briefs"]["steps"]}


def runtime_packages() -> set[str]:
    """The Debian packages WeasyPrint needs, as the Makefile lists them (python3-venv aside)."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^RUNTIME_PACKAGES\s*:=(.*)$", makefile, re.MULTILINE)
    assert line is not None
    return set(line.group(1).split()) - {"python3-venv"}


def test_runs_on_push_and_pull_request(workflow: dict[str, Any]) -> None:
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["briefs"]["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_steps_in_order(workflow: dict[str, Any]) -> None:
    assert list(steps(workflow)) == [
        "Check out with history",
        "Set up Python",
        "Install the system packages WeasyPrint needs",
        "Install brief-builder",
        "Validate",
        "Compile drafts",
        "Upload the drafts",
        "Diff the briefs",
        "Comment on the pull request",
    ]


def test_setup_steps(workflow: dict[str, Any]) -> None:
    by_name = steps(workflow)
    checkout = by_name["Check out with history"]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    python = by_name["Set up Python"]
    assert python["uses"].startswith("actions/setup-python@") and python["with"]["python-version"] == "3.11"
    installed = set(by_name["Install the system packages WeasyPrint needs"]["run"].split())
    assert runtime_packages() <= installed
    assert by_name["Install brief-builder"]["run"] == "python -m pip install -q -e ."


def test_drafts_are_compiled_and_uploaded(workflow: dict[str, Any]) -> None:
    by_name = steps(workflow)
    assert by_name["Compile drafts"]["run"] == "brief compile --all --draft --format pdf,docx,html"
    upload = by_name["Upload the drafts"]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "output/"


def test_pull_requests_get_the_diff_as_a_comment(workflow: dict[str, Any]) -> None:
    by_name = steps(workflow)
    diff, comment = by_name["Diff the briefs"], by_name["Comment on the pull request"]
    for step in (diff, comment):
        assert step["if"] == "github.event_name == 'pull_request'"
    assert diff["env"]["BASE_REV"] == "origin/${{ github.base_ref }}"
    assert '--since "$BASE_REV" --markdown > brief-diff.md' in diff["run"]
    assert comment["run"] == 'gh pr comment "$PR_NUMBER" --body-file brief-diff.md'
    assert comment["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"


@needs_git
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_local_steps_run_against_the_example_sources(workflow: dict[str, Any], tmp_path: Path) -> None:
    """Validate, compile drafts and diff as the workflow does, in a git copy of the examples."""
    sources = git_project(tmp_path, REPO / "sources")
    project = sources.parent
    practice = sources / "practices" / "go4export.yaml"
    text = practice.read_text(encoding="utf-8")
    practice.write_text(text.replace("title: GO4EXPORT\n", "title: GO 4 EXPORT\n"), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "BASE_REV": "HEAD",  # what origin/<base branch> is on GitHub
    }
    by_name = steps(workflow)
    for name in LOCAL_STEPS:
        done = subprocess.run(
            ["bash", "-e", "-c", by_name[name]["run"]],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{name}: {done.stderr}"
    written = sorted(p.name for p in (project / "output").iterdir())
    assert written == sorted(
        f"{brief}.{ext}"
        for brief in ("community-brainstorming-2021-05-20", "sme-internationalisation")
        for ext in ("pdf", "docx", "html")
    )
    assert '<div class="watermark"' in (project / "output" / "sme-internationalisation.html").read_text(
        encoding="utf-8"
    )
    assert (project / "brief-diff.md").read_text(encoding="utf-8") == (
        "### Brief `sme-internationalisation`: 1 change since `HEAD`\n"
        "\n"
        '- **changed** practices go4export "GO 4 EXPORT" in '
        "*Lessons from the projects \u203a Match support to export maturity*\n"
        "  - title: \u201cGO4EXPORT\u201d \u2192 \u201cGO 4 EXPORT\u201d\n"
    )

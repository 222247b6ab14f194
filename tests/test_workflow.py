"""The GitHub Actions workflows: the repository's and the one brief init writes, their shape, and
their commands run here against the example sources."""

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

from brief_builder import __version__
from brief_builder.starter import starter_files

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
STARTER = ".github/workflows/briefs.yml"
"""Where brief init writes the workflow of a content repository."""
LOCAL_STEPS = ("Validate", "Compile drafts", "Lint", "Diff the briefs")
"""Steps whose commands need nothing of GitHub's: they run in the test."""


def load(text: str) -> dict[str, Any]:
    return YAML(typ="safe").load(text)


@pytest.fixture(scope="module", params=["repository", "content repository"])
def workflow(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The repository's own workflow, and the one brief init writes: the tests of its shape check both."""
    if request.param == "repository":
        return load(WORKFLOW.read_text(encoding="utf-8"))
    return load(starter_files()[STARTER].decode("utf-8"))


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
        "Keep the build cache",
        "Validate",
        "Compile drafts",
        "Lint",
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
    assert by_name["Install brief-builder"]["run"] == 'python -m pip install -q "$BRIEF_BUILDER"'
    cache = by_name["Keep the build cache"]
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == ".brief-cache"


def test_drafts_are_compiled_and_uploaded_even_when_validation_failed(workflow: dict[str, Any]) -> None:
    by_name = steps(workflow)
    compile_step, upload = by_name["Compile drafts"], by_name["Upload the drafts"]
    assert compile_step["run"] == "brief compile --all --draft --format pdf,docx,html"
    # a broken file blocks only the briefs that read it: the others are still compiled and kept
    assert compile_step["if"] == upload["if"] == "${{ !cancelled() }}"
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "output/"


def test_a_content_repository_installs_the_version_that_wrote_its_workflow() -> None:
    env = load(starter_files()[STARTER].decode("utf-8"))["env"]
    assert env == {"BRIEF_BUILDER": f"${{{{ vars.BRIEF_BUILDER || 'brief-builder=={__version__}' }}}}"}
    own = starter_files(install="brief-builder @ git+https://example.org/b.git@v1'x")[STARTER]
    assert load(own.decode("utf-8"))["env"]["BRIEF_BUILDER"] == (
        "${{ vars.BRIEF_BUILDER || 'brief-builder @ git+https://example.org/b.git@v1''x' }}"
    )
    ours = load(WORKFLOW.read_text(encoding="utf-8"))["env"]
    assert ours == {"BRIEF_BUILDER": "${{ vars.BRIEF_BUILDER || '.' }}"}  # this checkout, as a package


def test_the_repositorys_workflow_runs_the_steps_of_a_content_repositorys() -> None:
    ours = load(WORKFLOW.read_text(encoding="utf-8"))
    theirs = load(starter_files()[STARTER].decode("utf-8"))
    assert {key: value for key, value in ours.items() if key != "env"} == {
        key: value for key, value in theirs.items() if key != "env"
    }


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
def test_local_steps_run_against_the_example_sources(tmp_path: Path) -> None:
    """Validate, compile drafts and diff as the workflows do (their steps are alike), in a git copy
    of the examples."""
    workflow = load(WORKFLOW.read_text(encoding="utf-8"))
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

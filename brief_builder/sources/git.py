"""Read what git knows about a sources folder: its version (commit, dirty flag), its files at a revision.

These are input reads like the YAML reader's: nothing here writes outside a temporary folder,
and a missing git or a folder outside any work tree is not a failure, only an absence.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brief_builder.errors import UsageError

LOGGER = logging.getLogger(__name__)
TIMEOUT = 30
"""Seconds a git command may take."""


@dataclass(frozen=True)
class Version:
    """The commit a folder's work tree is at, and whether it has uncommitted changes."""

    commit: str
    """Abbreviated commit hash (``abc1234``)."""
    dirty: bool = False

    def __str__(self) -> str:
        return f"{self.commit}+dirty" if self.dirty else self.commit


def read_version(folder: Path, ignore: Sequence[Path] = ()) -> Version | None:
    """The git version of the work tree holding ``folder``; None without git or outside a work tree.

    Changes under the folders ``ignore`` names (brief-builder's own cache) do not make it dirty.
    """
    commit = _git(folder, "rev-parse", "--short", "HEAD")
    if commit is None or not commit.strip():
        return None
    excluded = [f":(exclude){path.absolute()}" for path in ignore]
    status = _git(folder, "status", "--porcelain", "--untracked-files=normal", "--", ":/", *excluded)
    return Version(commit=commit.strip(), dirty=bool(status and status.strip()))


def export_revision(folder: Path, revision: str, target: Path) -> Path:
    """Write ``folder`` as it was at ``revision`` into ``target``; return the copy of ``folder``.

    The copy has the folder's name (``target/sources``), so that paths in messages read as in
    the work tree. A folder that did not exist at ``revision`` gives an empty copy. Raises
    UsageError when git is missing, ``folder`` is not in a work tree or the revision is unknown.
    """
    if shutil.which("git") is None:
        raise UsageError("git is not installed; brief diff needs it to read an older revision")
    if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
        raise UsageError(f"{folder} is not inside a git work tree")
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None or not commit.strip():
        raise UsageError(f"unknown git revision {revision!r}")
    copy = target / folder.resolve().name
    copy.mkdir(parents=True, exist_ok=True)
    archive = _git_bytes(folder, "archive", "--format=tar", commit.strip(), "--", ".")
    if archive is not None:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(copy, filter="data")
    return copy


def _git(folder: Path, *args: str) -> str | None:
    data = _git_bytes(folder, *args)
    return None if data is None else data.decode("utf-8", "replace")


def _git_bytes(folder: Path, *args: str) -> bytes | None:
    """Output of ``git args`` run in ``folder``, or None when git is missing or fails."""
    if not folder.is_dir():
        return None
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        LOGGER.debug("git %s failed: %s", " ".join(args), exc)
        return None
    if done.returncode != 0:
        LOGGER.debug("git %s: %s", " ".join(args), done.stderr.decode("utf-8", "replace").strip())
        return None
    return done.stdout

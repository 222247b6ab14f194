"""Turn the starter templates into the files of a new content repository, as ``brief init`` writes them.

The templates are files of the package (``files/``): the project file, a README for the
content team, a README for their layouts, ``.gitignore``, VS Code settings mapping the JSON
Schemas to the source folders, a GitHub Actions workflow for a content repository and, with
``--example``, a small set of sources that compile at once. Names that start with a dot are
kept without it in the package (``gitignore``), so that no tool hides them. This module only
says what the files hold; ``brief init`` writes them through the output step.
"""

from __future__ import annotations

from pathlib import Path

from brief_builder import __version__
from brief_builder.sources.schema import FOLDER, FOLDERS, render_schemas

FILES = Path(__file__).resolve().parent / "files"
EXAMPLE = "example"
"""The folder of ``files/`` holding the example sources (written at the top of the new repository)."""
DOTTED = {"gitignore": ".gitignore", "vscode": ".vscode", "github": ".github"}
"""A top-level template name -> the name it is written as."""
KEEP = ".gitkeep"
"""An empty file that keeps an otherwise empty kind folder in git (the loader skips dot-files)."""


def default_install() -> str:
    """The pip requirement of the version of brief-builder that writes the files."""
    return f"brief-builder=={__version__}"


def starter_files(example: bool = False, install: str | None = None) -> dict[str, bytes]:
    """Path (relative, ``/``-separated) -> bytes of every file of a new content repository.

    ``install`` is the pip requirement the workflow installs brief-builder from by default.
    """
    values = {"@VERSION@": __version__, "@INSTALL@": _quoted(install or default_install())}
    files: dict[str, bytes] = {}
    for path in sorted(FILES.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        parts = path.relative_to(FILES).parts
        if parts[0] == EXAMPLE:
            if not example:
                continue
            parts = parts[1:]
        name = "/".join((DOTTED.get(parts[0], parts[0]), *parts[1:]))
        files[name] = _filled(path.read_text(encoding="utf-8"), values).encode("utf-8")
    for kind_folder in FOLDERS.values():
        if not any(name.startswith(f"sources/{kind_folder}/") for name in files):
            files[f"sources/{kind_folder}/{KEEP}"] = b""
    for name, data in render_schemas().items():
        files[f"sources/{FOLDER}/{name}"] = data
    return dict(sorted(files.items()))


def _filled(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def _quoted(requirement: str) -> str:
    """``requirement`` inside the single-quoted string of a GitHub Actions expression."""
    return requirement.replace("'", "''")

"""The ``init`` command: a folder in, a content repository out (project file, sources, layouts, CI)."""

from __future__ import annotations

from pathlib import Path

import click

from brief_builder.errors import UsageError

IGNORED = {".git"}
"""What a folder may hold and still count as empty (a repository just cloned or made)."""


@click.command(name="init")
@click.argument("folder", metavar="[DIR]", required=False, type=click.Path(path_type=Path), default=None)
@click.option(
    "--example", is_flag=True, help="Add a small example: sources and two briefs that compile at once."
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that is not empty: add the missing files, never change one that exists.",
)
@click.option(
    "--install",
    metavar="REQUIREMENT",
    default=None,
    help="What the GitHub workflow installs brief-builder from, as a pip requirement.  "
    "[default: brief-builder==<this version>]",
)
@click.pass_obj
def init_command(obj: dict, folder: Path | None, example: bool, force: bool, install: str | None) -> int:
    """Create a content repository in DIR (default: the current folder).

    Writes brief.toml, sources/ with its five kind folders and their JSON Schemas, layouts/,
    .gitignore, .vscode/settings.json, .github/workflows/briefs.yml and a README. Refuses a
    folder that is not empty unless --force; never overwrites a file.
    """
    from brief_builder.pipeline.output import create_if_missing
    from brief_builder.starter import KEEP, starter_files

    target = folder if folder is not None else Path(".")
    if target.exists() and not target.is_dir():
        raise UsageError(f"DIR: expected a folder, got a file at {target}")
    present = sorted(p.name for p in target.iterdir() if p.name not in IGNORED) if target.is_dir() else []
    if present and not force:
        shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
        raise UsageError(
            f"DIR: expected an empty folder, got {target} holding {shown} "
            "(use --force to add the missing files; no file is ever overwritten)"
        )
    written, skipped = [], []
    for name, data in starter_files(example=example, install=install).items():
        path = target / name
        if path.name == KEEP and path.parent.is_dir() and any(path.parent.iterdir()):
            continue  # the folder is kept in git by what it holds
        (written if create_if_missing(path, data) else skipped).append(path)
    if not obj["quiet"]:
        for path in (p for p in written if p.name != KEEP):
            click.echo(f"wrote {path}")
        for path in skipped:
            click.echo(f"skipped {path}: it exists (brief init never overwrites a file)")
        where = "" if folder is None else f"cd {target} && "
        first = "brief compile --all" if example else "brief new brief ID"
        click.echo(f"created a content repository in {target}; next: {where}{first}")
    return 0

"""Turn the command line's options and the project's ``brief.toml`` into the Project a command works on.

One place decides every setting: an option given on the command line, else the value of
the ``brief.toml`` found in the current folder or its parents (paths relative to that
file), else the default (paths relative to the current folder, as without a brief.toml).
Folders a command reads from must exist; the check is ``folder_problem``, shared by the
options and the file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import Problem, ProjectFileError, UsageError
from brief_builder.sources.projectfile import ProjectFile, SiteSettings, find_project_file, read_project_file

DEFAULT_SOURCES = Path("sources")
DEFAULT_OUTPUT = Path("output")
DEFAULT_SITE_TITLE = "Policy briefs"
"""The downloads page's title when brief.toml gives none."""
DEFAULT_SITE_LAYOUT = "site"


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to, and how."""

    sources: Path = DEFAULT_SOURCES
    layouts: tuple[Path, ...] = ()
    """User layout folders, searched before the built-in layouts."""
    output: Path = DEFAULT_OUTPUT
    cache: Path | None = None
    """Folder of the caches; None: ``.brief-cache`` beside the sources folder."""
    formats: tuple[str, ...] | None = None
    """What ``brief compile`` writes without ``--format``; None: the registry's defaults."""
    jobs: int | None = None
    """Worker processes; None: one per CPU."""
    site: SiteSettings = field(default_factory=SiteSettings)
    settings: ProjectFile | None = None
    """The brief.toml the settings came from, if any (to locate a problem with one of them)."""

    @property
    def file(self) -> Path | None:
        """The brief.toml, if any."""
        return self.settings.path if self.settings is not None else None

    @property
    def cache_folder(self) -> Path:
        """The cache folder in use when caching is on."""
        from brief_builder.pipeline.memo import default_cache_folder

        return self.cache if self.cache is not None else default_cache_folder(self.sources)

    @property
    def manifest(self) -> Path:
        """The record of the outputs written (``written.py``): in the cache folder, with or without
        the build cache."""
        from brief_builder.pipeline.written import MANIFEST

        return self.cache_folder / MANIFEST

    @property
    def worker_count(self) -> int:
        return self.jobs if self.jobs is not None else default_jobs()

    @property
    def site_title(self) -> str:
        return self.site.title or DEFAULT_SITE_TITLE

    @property
    def site_layout(self) -> str:
        return self.site.layout or DEFAULT_SITE_LAYOUT


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def folder_problem(path: Path) -> str | None:
    """What is wrong with ``path`` as a folder to read from (None: nothing), as the end of a message."""
    if path.is_dir():
        return None
    found = "a file" if path.exists() else "nothing"
    return f"expected a folder, got {found} at {path.as_posix()}"


def load_project(
    *,
    sources: Path | None = None,
    layouts: Sequence[Path] = (),
    output: Path | None = None,
    cache: Path | None = None,
    formats: Sequence[str] | None = None,
    jobs: int | None = None,
    start: Path | None = None,
) -> Project:
    """The Project of the options given (None or empty: not given) and of the brief.toml above ``start``.

    Raises UsageError for a ``--layouts`` folder that does not exist, ProjectFileError (a
    usage error too) with every problem of the brief.toml.
    """
    from brief_builder.renderers import FORMATS  # the registry only: no renderer is imported

    here = (start or Path.cwd()).absolute()
    path = find_project_file(here)
    settings = read_project_file(path, FORMATS) if path is not None else None
    for folder in layouts:
        problem = folder_problem(folder)
        if problem is not None:
            raise UsageError(f"--layouts: {problem}")
    if settings is not None:
        _check_folders(settings, sources_given=sources is not None, layouts_given=bool(layouts))
        _check_lint(settings)
    if settings is None:
        return Project(
            sources=sources or DEFAULT_SOURCES,
            layouts=tuple(layouts),
            output=output or DEFAULT_OUTPUT,
            cache=cache,
            formats=tuple(formats) if formats else None,
            jobs=jobs,
        )
    # a project file's folder is the project's: its defaults are there too, not in the current folder
    return Project(
        sources=sources or _near(settings.sources or settings.folder / DEFAULT_SOURCES, here),
        layouts=tuple(layouts) or tuple(_near(folder, here) for folder in settings.layouts or ()),
        output=output or _near(settings.output or settings.folder / DEFAULT_OUTPUT, here),
        cache=cache or (_near(settings.cache, here) if settings.cache is not None else None),
        formats=tuple(formats) if formats else settings.formats,
        jobs=jobs or settings.jobs,
        site=settings.site,
        settings=settings,
    )


def _check_folders(settings: ProjectFile, sources_given: bool, layouts_given: bool) -> None:
    """Every folder the file names to read from must exist (unless an option replaces it)."""
    problems: list[Problem] = []
    named: list[tuple[tuple[str | int, ...], Path]] = []
    if settings.sources is not None and not sources_given:
        named.append((("sources",), settings.sources))
    if not layouts_given:
        named.extend((("layouts", index), folder) for index, folder in enumerate(settings.layouts or ()))
    for key, folder in named:
        problem = folder_problem(folder)
        if problem is not None:
            shown = folder.relative_to(settings.folder).as_posix()
            problems.append(settings.problem(key, problem.replace(folder.as_posix(), shown)))
    if problems:
        raise ProjectFileError(problems)


def _check_lint(settings: ProjectFile) -> None:
    """The ``[lint]`` table must name known rules, severities and options."""
    from brief_builder.lint import settings_for

    if settings.lint is None:
        return
    locate = lambda key, message: settings.problem(("lint", *key), message)  # noqa: E731
    _, problems = settings_for([(settings.lint, locate)])
    if problems:
        raise ProjectFileError(problems)


def _near(path: Path, here: Path) -> Path:
    """``path`` relative to the current folder when it lies inside it (shorter messages), else as is."""
    if path.is_relative_to(here):
        return path.relative_to(here) if path != here else Path(".")
    return path

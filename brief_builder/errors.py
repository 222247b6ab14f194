"""Problems in sources, rules and layouts (``path:line: field: message``) and the exceptions carrying them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be.

    Prints as ``path:line: field: message``; the parts that are unknown are left out.
    """

    path: str
    line: int | None = None
    field: str = ""
    message: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None
    edition: str = dataclasses.field(default="", compare=False)
    """The language of the edition the problem concerns (an untranslated unit), "" for the sources'."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{without_long_values(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


SHOWN_LENGTH = 200
"""Longest value a message quotes whole; a longer one is cut and its length said."""


def shortened(text: str, limit: int = SHOWN_LENGTH) -> str:
    """``text``, or its start and ``… (10,000 characters)`` when it is longer than ``limit``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


LONG_VALUE = re.compile(r"""(['"]?)([^\s'"]{""" + str(SHOWN_LENGTH + 1) + r""",})\1""")
"""A word (quoted or not) too long to quote whole: a 10,000-character id, a 100 KB line."""


def without_long_values(message: str) -> str:
    """``message`` with each overlong word cut (``'xxx…' (10,000 characters)``), and cut itself when
    it is still longer than four times SHOWN_LENGTH."""
    if len(message) <= SHOWN_LENGTH:
        return message
    message = LONG_VALUE.sub(
        lambda m: f"{m[1]}{m[2][:60]}…{m[1]} ({len(m[2]):,} characters)",
        message,
    )
    return shortened(message, 4 * SHOWN_LENGTH)


LISTED = 10
"""Most names a message lists; the rest are counted."""


def listed(names: list[str], limit: int = LISTED) -> str:
    """``a, b, c`` or, past ``limit`` names, ``a, b, ... j and 140 more``; ``none`` for no name."""
    if not names:
        return "none"
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit:,} more"


def closest(name: str, names: list[str]) -> str:
    """`` (did you mean 'policy' or 'policies'?)`` for the names most like ``name``, else ``""``."""
    import difflib

    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if not near:
        return ""
    quoted = [repr(candidate) for candidate in near]
    return f" (did you mean {', '.join(quoted[:-1]) + ' or ' if len(quoted) > 1 else ''}{quoted[-1]}?)"


class BriefError(Exception):
    """Base class of every error brief-builder raises on purpose."""


class ProblemsError(BriefError):
    """Inputs have one or more errors; ``problems`` holds all of them, warnings included."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = ordered(problems)
        super().__init__(summary(self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class NotCompiledError(ProblemsError):
    """Errors kept briefs from compiling (the others, if any, were written). ``not_compiled``: each
    brief kept -> the files whose errors keep it."""

    def __init__(self, problems: list[Problem], not_compiled: dict[str, list[str]]) -> None:
        super().__init__(problems)
        self.not_compiled = not_compiled


class NotFinalError(BriefError):
    """Briefs asked for as final (``--final``, or their ``status: final``) still have warnings or lint
    errors; ``problems`` lists them, ``shown`` those already shown with the validation's warnings."""

    def __init__(
        self,
        briefs: list[str],
        problems: list[Problem],
        shown: Sequence[Problem] = (),
        not_compiled: dict[str, list[str]] | None = None,
    ) -> None:
        self.briefs = briefs
        self.not_compiled = not_compiled or {}
        """Each brief refused -> the files of the problems that refuse it (when refused one by one)."""
        self.problems = ordered(problems)
        self.shown = frozenset(shown)
        word = "warning" if not any(p.is_error for p in self.problems) else "problem"
        count = _plural(len(self.problems), word)
        verb = "remains" if len(self.problems) == 1 else "remain"
        super().__init__(
            f"refusing to compile {', '.join(briefs)} as final: {count} {verb} "
            "(fix them, or use --force to compile anyway)"
        )

    @property
    def unshown(self) -> list[Problem]:
        """The problems still to show."""
        return [p for p in self.problems if p not in self.shown]


class UsageError(BriefError):
    """The command was asked for something that does not exist (an unknown brief or format)."""


class ProjectFileError(UsageError):
    """The project file (``brief.toml``) has errors; ``problems`` holds all of them.

    A usage error: the file stands for options the commands would otherwise be given.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = ordered(problems)
        files = sorted({p.path for p in self.problems})
        super().__init__(f"{_plural(len(self.problems), 'error')} in {', '.join(files)}")


class OutputError(BriefError):
    """An output file could not be written."""


def summary(problems: list[Problem]) -> str:
    """``3 errors in 2 files`` (warnings are counted apart)."""
    problems = list(dict.fromkeys(problems))
    errors = [p for p in problems if p.is_error]
    files = {p.path for p in errors}
    text = f"{_plural(len(errors), 'error')} in {_plural(len(files), 'file')}"
    warnings = len(problems) - len(errors)
    if warnings:
        text += f" ({_plural(warnings, 'warning')})"
    return text


def relative(path: Path, root: Path) -> str:
    """Show ``path`` relative to ``root``'s parent when it lies inside, else as given.

    The path is compared as written (a link inside the folder shows where it stands), then
    with links resolved.
    """
    if path.absolute().is_relative_to(root.absolute().parent):
        return path.absolute().relative_to(root.absolute().parent).as_posix()
    try:
        real, base = path.resolve(), _resolved(root).parent
    except (RuntimeError, OSError):  # a loop of symbolic links: shown as written
        return path.as_posix()
    return real.relative_to(base).as_posix() if real.is_relative_to(base) else path.as_posix()


@lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    """``folder`` with symlinks resolved, once per folder (a library has thousands of files)."""
    return folder.resolve()


def describe(value: object) -> str:
    """How a value that was found reads in a message (``'glossy'``, ``a list``, ``nothing``)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    isoformat = getattr(value, "isoformat", None)
    return repr(value) if isoformat is None else str(isoformat())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def unseen(found: Iterable[Problem], already: Iterable[Problem] = ()) -> list[Problem]:
    """``found`` without the problems that read as one of ``already`` or as one found before it."""
    seen = {str(problem) for problem in already}
    fresh = []
    for problem in found:
        if str(problem) not in seen:
            seen.add(str(problem))
            fresh.append(problem)
    return fresh


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file, files in the order first met, each file's by line; no repeats."""
    problems = list(dict.fromkeys(problems))
    first_seen: dict[str, int] = {}
    for problem in problems:
        first_seen.setdefault(problem.path, len(first_seen))
    return sorted(problems, key=lambda p: (first_seen[p.path], p.line or 0))

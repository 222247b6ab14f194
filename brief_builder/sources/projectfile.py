"""Turn a ``brief.toml`` into the project's settings, every value checked and every problem located.

The file is found in the current folder or the nearest parent that has one (as git finds
``.git``); its paths are relative to the folder it is in. The standard library's ``tomllib``
reads it; since ``tomllib`` gives no positions, ``key_lines`` finds the line of every key
with a small scan of the text (which ``tomllib`` has already checked to be valid TOML), so
that a bad value reads ``brief.toml:4: jobs: expected ..., got ...``. Only the plain checks
live here (types, known keys); which folders must exist is decided where the settings meet
the command-line options (``pipeline/project.py``).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief_builder.errors import Problem, ProjectFileError, describe

PROJECT_FILE = "brief.toml"

Key = tuple[str, ...]


@dataclass(frozen=True)
class SiteSettings:
    """The ``[site]`` table: how the downloads page introduces the briefs."""

    title: str | None = None
    intro: str | None = None
    """Markdown shown under the title."""
    layout: str | None = None
    """Name of the layout of the page (a folder of a layouts folder holding ``site.yaml``)."""


@dataclass(frozen=True)
class ProjectFile:
    """The settings a ``brief.toml`` holds; a setting it leaves out is None."""

    path: Path
    display: str
    """The file as messages name it (``brief.toml``)."""
    sources: Path | None = None
    layouts: tuple[Path, ...] | None = None
    output: Path | None = None
    cache: Path | None = None
    formats: tuple[str, ...] | None = None
    jobs: int | None = None
    site: SiteSettings = SiteSettings()
    lint: dict[str, Any] | None = None
    """The ``[lint]`` table as written; ``lint/config.py`` checks its rules and options."""
    lines: dict[Key, int] = field(default_factory=dict)
    """Key path -> the line it is set on (a table's header line for the table)."""

    @property
    def folder(self) -> Path:
        """The project's folder: the file's, which its paths are relative to."""
        return self.path.parent

    def problem(self, key: Key, message: str) -> Problem:
        """A problem with the value of ``key`` (``("layouts", 1)`` for the second entry), at its line."""
        names = tuple(part for part in key if isinstance(part, str))
        line = None
        while names and line is None:
            line = self.lines.get(names)
            names = names[:-1]
        return Problem(self.display, line, _dotted(key), message)


def find_project_file(start: Path) -> Path | None:
    """The ``brief.toml`` of ``start`` or of its nearest parent folder that has one."""
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_FILE
        if path.is_file():
            return path
    return None


def read_project_file(path: Path, formats: Collection[str]) -> ProjectFile:
    """Read and check ``path``; raise ProjectFileError with every problem found.

    ``formats`` are the names of the output formats a ``formats`` list may hold.
    """
    display = path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ProjectFileError([Problem(display, None, "", f"cannot read the file: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        problem = Problem(display, None, "", f"expected UTF-8 text, got byte 0x{exc.object[exc.start]:02x}")
        raise ProjectFileError([problem]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectFileError([_syntax_problem(display, str(exc))]) from exc
    empty = ProjectFile(path=path, display=display, lines=key_lines(text))
    checker = _Checker(empty, formats)
    values = checker.table(data, SETTINGS, ())
    if checker.problems:
        raise ProjectFileError(checker.problems)
    folder = path.parent
    site = values.get("site", {})
    return ProjectFile(
        path=path,
        display=display,
        sources=folder / values["sources"] if "sources" in values else None,
        layouts=tuple(folder / entry for entry in values["layouts"]) if "layouts" in values else None,
        output=folder / values["output"] if "output" in values else None,
        cache=folder / values["cache"] if "cache" in values else None,
        formats=tuple(values["formats"]) if "formats" in values else None,
        jobs=values.get("jobs"),
        site=SiteSettings(title=site.get("title"), intro=site.get("intro"), layout=site.get("layout")),
        lint=values.get("lint"),
        lines=empty.lines,
    )


# --- what each key may hold ------------------------------------------------------------

Check = Callable[["_Checker", Any, tuple[str | int, ...]], Any]
"""Checks one value; returns it (or what it stands for), or records a problem and returns None."""


def _text(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return checker.fail(key, "text", value)


def _path(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return checker.fail(key, 'a path relative to brief.toml, such as "sources"', value)


def _paths(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> list[str] | None:
    if not isinstance(value, list):
        return checker.fail(key, 'a list of folders relative to brief.toml, such as ["layouts"]', value)
    checked = [_path(checker, entry, (*key, index)) for index, entry in enumerate(value)]
    return None if None in checked else [entry for entry in checked if entry is not None]


def _formats(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> list[str] | None:
    names = ", ".join(checker.formats)
    if not isinstance(value, list) or not value:
        return checker.fail(key, f'a list of output formats, such as ["pdf", "docx"] ({names})', value)
    for index, entry in enumerate(value):
        if entry not in checker.formats:
            checker.fail((*key, index), f"one of {names}", entry)
    return value if all(entry in checker.formats for entry in value) else None


def _jobs(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return checker.fail(key, "a whole number of at least 1", value)


LAYOUT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _layout_name(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> str | None:
    if isinstance(value, str) and LAYOUT_NAME.match(value):
        return value
    return checker.fail(key, "the name of a layout (lowercase letters, digits and hyphens)", value)


def _markdown(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> str | None:
    text = _text(checker, value, key)
    if text is None:
        return None
    from brief_builder.richtext import bad_links  # parses Markdown: only a file with an intro pays

    bad = bad_links(text)
    if bad:
        return checker.fail(key, "links to http, https or mailto URLs", bad[0])
    return text


SITE: dict[str, Check] = {"title": _text, "intro": _markdown, "layout": _layout_name}


def _site(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return checker.fail(key, "a table ([site]) of title, intro and layout", value)
    return checker.table(value, SITE, key)


def _lint(checker: _Checker, value: Any, key: tuple[str | int, ...]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return checker.fail(key, "a table ([lint]) of rule ids and their settings", value)
    return value


SETTINGS: dict[str, Check] = {
    "sources": _path,
    "layouts": _paths,
    "output": _path,
    "cache": _path,
    "formats": _formats,
    "jobs": _jobs,
    "site": _site,
    "lint": _lint,
}
"""Every key a brief.toml may hold and how its value is checked."""


class _Checker:
    """Checks values against the tables above, collecting every problem."""

    def __init__(self, file: ProjectFile, formats: Collection[str]) -> None:
        self.file = file
        self.formats = list(formats)
        self.problems: list[Problem] = []

    def table(self, data: dict[str, Any], checks: dict[str, Check], key: Key) -> dict[str, Any]:
        values = {}
        for name, value in data.items():
            if name not in checks:
                self.unknown((*key, name), sorted(checks))
                continue
            checked = checks[name](self, value, (*key, name))
            if checked is not None:
                values[name] = checked
        return values

    def fail(self, key: tuple[str | int, ...], expected: str, got: Any) -> None:
        self.problems.append(self.file.problem(key, f"expected {expected}, got {_got(got)}"))

    def unknown(self, key: Key, known: list[str]) -> None:
        close = difflib.get_close_matches(key[-1], known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        message = f"expected one of {', '.join(known)}, got unknown key {key[-1]!r}{hint}"
        self.problems.append(self.file.problem(key, message))


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    return describe(value)


def _dotted(key: tuple[str | int, ...]) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


TOML_POSITION = re.compile(r"^(?P<message>.*?) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _syntax_problem(display: str, message: str) -> Problem:
    """``tomllib``'s message (``Invalid value (at line 3, column 9)``) as a located problem."""
    found = TOML_POSITION.match(message)
    if found is None:
        return Problem(display, None, "", f"invalid TOML: {message}")
    text = found.group("message")
    return Problem(
        display, int(found.group("line")), "", f"invalid TOML: {text}", column=int(found.group("column"))
    )


# --- where each key is set ------------------------------------------------------------

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_lines(text: str) -> dict[Key, int]:
    """Key path -> the line (from 1) where it is set or its table opens, for valid TOML ``text``.

    Follows table headers (``[site]``) and dotted keys (``site.title = ...``), and skips what
    cannot hold a key: comments, the rest of a value, multi-line strings and arrays. Keys
    inside inline tables (``site = {title = "x"}``) are not listed: they take their table's line.
    """
    lines: dict[Key, int] = {}
    table: Key = ()
    value = _ValueScan()
    for number, line in enumerate(text.splitlines(), start=1):
        if value.open:  # a multi-line string or array goes on
            value.feed(line)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            keys, _ = _key_path(stripped.lstrip("["), "]")
            table = keys
            for end in range(1, len(keys) + 1):
                lines.setdefault(keys[:end], number)
            continue
        keys, rest = _key_path(stripped, "=")
        path = (*table, *keys)
        for end in range(len(table) + 1, len(path) + 1):
            lines.setdefault(path[:end], number)
        value.feed(rest)
    return lines


def _key_path(text: str, end: str) -> tuple[Key, str]:
    """The dotted key at the start of ``text`` up to ``end`` (``=`` or ``]``), and what follows."""
    keys: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char in " \t.":
            position += 1
        elif char == end:
            return tuple(keys), text[position + 1 :]
        elif char in "\"'":
            key, position = _quoted(text, position)
            keys.append(key)
        else:
            bare = BARE_KEY.match(text, position)
            if bare is None:
                break
            keys.append(bare.group(0))
            position = bare.end()
    return tuple(keys), ""


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted key starting at ``start`` (its quote) and the position after its closing quote."""
    quote = text[start]
    chars: list[str] = []
    position = start + 1
    while position < len(text) and text[position] != quote:
        if quote == '"' and text[position] == "\\" and position + 1 < len(text):
            chars.append(_unescape(text, position))
            position += _escape_length(text, position)
            continue
        chars.append(text[position])
        position += 1
    return "".join(chars), position + 1


ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


def _unescape(text: str, position: int) -> str:
    letter = text[position + 1]
    if letter in "uU":
        digits = text[position + 2 : position + 2 + (4 if letter == "u" else 8)]
        return chr(int(digits, 16))
    return ESCAPES.get(letter, letter)


def _escape_length(text: str, position: int) -> int:
    return {"u": 6, "U": 10}.get(text[position + 1], 2)


class _ValueScan:
    """Follows a value over the lines it spans: open brackets and multi-line strings."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None
        """The delimiter of the multi-line string being read (``\"\"\"`` or ``'''``), if any."""

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.string is not None

    def feed(self, text: str) -> None:
        """Read one more line (or the rest of the line after a key's ``=``)."""
        position = 0
        while position < len(text):
            if self.string is not None:
                closing = self._closing(text, position)
                if closing < 0:
                    return
                position, self.string = closing, None
                continue
            char = text[position]
            if char == "#":
                return
            if text.startswith(('"""', "'''"), position):
                self.string = text[position : position + 3]
                position += 3
            elif char in "\"'":
                _, position = _quoted(text, position)
            else:
                self.depth += (char in "[{") - (char in "]}")
                position += 1

    def _closing(self, text: str, position: int) -> int:
        """The position after the closing delimiter of the open string, or -1 if it goes on."""
        assert self.string is not None
        while position < len(text):
            if self.string == '"""' and text[position] == "\\":
                position += 2
            elif text.startswith(self.string, position):
                end = position + 3
                while end < len(text) and text[end] == self.string[0]:  # up to two more quotes belong
                    end += 1
                return end
            else:
                position += 1
        return -1

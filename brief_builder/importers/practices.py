"""Turn a spreadsheet of good practices (CSV or XLSX) into practice sources, one per row.

Columns are named by practice fields or by the good practice database's labels (the one
table is ``columns.COLUMNS``). Each row is checked with the same pydantic model as
``brief validate``, so the messages are the same, located as ``FILE:row N: column: ...``.
Every problem of every row is reported at once; unless ``skip_invalid``, one bad row
means nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from brief_builder.errors import Problem, ProblemsError, Severity, UsageError
from brief_builder.importers.columns import COLUMNS, LISTS, REQUIRED, field_of, known_headings
from brief_builder.importers.dates import MONTH
from brief_builder.importers.people import acronym_key
from brief_builder.importers.readers import decode, read_bytes
from brief_builder.importers.slugs import slug, unique
from brief_builder.sources.messages import describe, validation_problems
from brief_builder.sources.models import ID_PATTERN, Practice
from brief_builder.sources.yaml import YamlDocument

ORDER = tuple(Practice.model_fields)
"""The fields of a practice, in the order its files list them."""
STATUSES = {
    "validated": "validated",
    "validated by experts": "validated",
    "validated by the experts": "validated",
    "validated by the platform": "validated",
    "submitted": "submitted",
    "approved by the project": "submitted",
    "approved by project": "submitted",
    "approved": "submitted",
    "pending": "submitted",
}
"""How the database and people write a status -> the model's value."""
ONGOING = re.compile(
    r"^(?:ongoing|on-going|present|today|now|current|open[- ]ended|-|\u2013|\u2014)$", re.IGNORECASE
)
TIME_POINT = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<dmy>\d{1,2})[./](?P<dmy_m>\d{1,2})[./](?P<dmy_y>\d{4})"
    r"|(?P<my_m>\d{1,2})[./](?P<my_y>\d{4})"
    r"|(?P<year>(?:19|20)\d\d)"
)
"""A year or a date in a timescale cell: 2016-03-01, 01/03/2016 (day first), 03/2016, 2016."""


@dataclass(frozen=True, order=True)
class RowProblem(Problem):
    """A problem of one row of a spreadsheet: prints as ``FILE:row N: column: message``."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:row {self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        column = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{column}{self.message}"


@dataclass(frozen=True)
class ImportedPractice:
    """One row read as a practice."""

    id: str
    row: int
    data: dict[str, Any]
    """The practice as its YAML file holds it, keys in the model's order."""
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class PracticesImport:
    """What reading a spreadsheet of practices gave."""

    source: str
    practices: list[ImportedPractice]
    warnings: list[Problem]
    """Unknown columns, ids changed to stay unique."""
    skipped: list[Problem]
    """With ``skip_invalid``: the problems of the rows left out (errors)."""

    @property
    def skipped_rows(self) -> list[int]:
        return sorted({p.line for p in self.skipped if p.line is not None})

    @property
    def problems(self) -> list[Problem]:
        return sorted([*self.warnings, *self.skipped], key=lambda p: p.line or 0)


def read_practices(
    path: Path,
    *,
    project: str | None = None,
    known_projects: Mapping[str, str] | None = None,
    existing_ids: Collection[str] = (),
    skip_invalid: bool = False,
    display: str | None = None,
) -> PracticesImport:
    """Read the practices of a ``.csv`` (UTF-8, ``;`` or ``,``) or ``.xlsx`` (first sheet) file.

    ``known_projects`` maps the acronyms of existing projects to their ids; a row's project
    may be either. ``project`` is the project of rows that name none. ``existing_ids`` are
    the ids already used in the sources (new ids avoid them). Raises ProblemsError with
    every problem of every row unless ``skip_invalid``, which leaves bad rows out.
    """
    shown = display if display is not None else path.as_posix()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{shown}: expected a .csv or .xlsx file, got {path.suffix or 'no extension'!r}")
    data = read_bytes(path, shown)
    rows = _csv_rows(data, shown) if suffix == ".csv" else _xlsx_rows(data, shown)
    return _Reader(shown, project, known_projects or {}, existing_ids).read(rows, skip_invalid)


# --- reading the cells -----------------------------------------------------------------


def _csv_rows(data: bytes, display: str) -> Iterator[tuple[int, list[Any]]]:
    text = decode(data, display)
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        dialect = csv.excel if first.count(",") >= first.count(";") else _Semicolon
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ProblemsError([RowProblem(display, reader.line_num, "", f"expected CSV, got {exc}")]) from None


class _Semicolon(csv.excel):
    delimiter = ";"


def _xlsx_rows(data: bytes, display: str) -> Iterator[tuple[int, list[Any]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ProblemsError(
            [
                Problem(
                    display,
                    None,
                    "",
                    f"expected an Excel workbook (.xlsx), got a file openpyxl cannot open ({exc})",
                )
            ]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    """A cell as text: numbers without a needless ``.0``, dates as ISO dates, lines trimmed."""
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


# --- rows to practices -----------------------------------------------------------------


class _Reader:
    def __init__(
        self, source: str, project: str | None, known: Mapping[str, str], existing: Collection[str]
    ) -> None:
        self.source = source
        self.projects = {acronym_key(acronym): project_id for acronym, project_id in known.items()}
        self.projects.update({acronym_key(project_id): project_id for project_id in known.values()})
        self.project_names = sorted({*known, *known.values()})
        self.default_project = self.projects.get(acronym_key(project)) if project is not None else None
        if project is not None and self.default_project is None:
            close = difflib.get_close_matches(project, self.project_names, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"--project: expected the id or acronym of a project, got {project!r}{hint}")
        self.existing = set(existing)
        self.columns: dict[int, str] = {}
        """Column index -> field."""
        self.headings: dict[str, str] = {}
        """Field -> the heading of its column, as written."""
        self.header_row = 1

    def problem(self, row: int | None, column: str, message: str, warning: bool = False) -> RowProblem:
        severity = Severity.WARNING if warning else Severity.ERROR
        return RowProblem(self.source, row, column, message, severity)

    def read(self, rows: Iterator[tuple[int, list[Any]]], skip_invalid: bool) -> PracticesImport:
        warnings: list[Problem] = []
        header = next(((n, values) for n, values in rows if not all(_is_empty(v) for v in values)), None)
        if header is None:
            raise ProblemsError(
                [Problem(self.source, None, "", "expected a header row and practices, got an empty sheet")]
            )
        self.header_row, headings = header
        header_problems = self.read_header(headings)
        warnings += [p for p in header_problems if not p.is_error]
        errors = [p for p in header_problems if p.is_error]
        if errors:
            raise ProblemsError([*errors, *warnings])
        practices: list[ImportedPractice] = []
        row_errors: list[Problem] = []
        ids: set[str] = set()
        for number, values in rows:
            if all(_is_empty(v) for v in values):
                continue
            practice, problems = self.row(number, values, ids)
            if practice is None:
                row_errors += problems
            else:
                ids.add(practice.id)
                practices.append(practice)
                warnings += practice.warnings
        if not practices and not row_errors:
            raise ProblemsError(
                [*warnings, self.problem(None, "", "expected practices after the header row, got none")]
            )
        if row_errors and not skip_invalid:
            raise ProblemsError([*row_errors, *warnings])
        return PracticesImport(self.source, practices, warnings, row_errors)

    def read_header(self, headings: list[Any]) -> list[Problem]:
        problems: list[Problem] = []
        known = known_headings()
        for index, heading in enumerate(headings):
            text = _text(heading)
            if text is None:
                continue
            name = field_of(text)
            if name is None:
                close = difflib.get_close_matches(text.lower(), known, n=1, cutoff=0.75)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    self.problem(
                        self.header_row,
                        text,
                        "expected a practice field or a column of the good practice database, "
                        f"got an unknown column{hint}; ignored",
                        warning=True,
                    )
                )
                continue
            if name in self.headings:
                problems.append(
                    self.problem(
                        self.header_row,
                        text,
                        f"expected one column per field, got a second column for {name} "
                        f"(the first is {self.headings[name]!r})",
                    )
                )
                continue
            self.columns[index] = name
            self.headings[name] = text
        for name in REQUIRED:
            if name == "project" and self.default_project is not None:
                continue
            given = name in self.headings or (name == "location.country" and "location" in self.headings)
            if not given:
                labels = COLUMNS[name]
                also = f" (or {labels[1]!r})" if len(labels) > 1 else ""
                hint = " or a project for every row (--project)" if name == "project" else ""
                problems.append(
                    self.problem(
                        self.header_row, name, f"expected a column {labels[0]!r}{also}{hint}, got none"
                    )
                )
        return problems

    def row(
        self, number: int, values: list[Any], ids: set[str]
    ) -> tuple[ImportedPractice | None, list[Problem]]:
        cells = {name: values[index] for index, name in self.columns.items() if index < len(values)}
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        title = _text(cells.get("title"))
        if title is not None:
            data["title"] = title
        project = self.project(number, cells, problems)
        if project is not None:
            data["project"] = project
        location = self.location(cells)
        if location:
            data["location"] = location
        for name in ORDER:
            if name in ("title", "project", "location", "timescale"):
                continue
            value = _text(cells.get(name))
            if value is None:
                continue
            if name in LISTS:
                data[name] = [part.strip() for part in re.split(r"\s*[;\n]\s*", value) if part.strip()]
            elif name == "url" and value.lower().startswith("www."):
                data[name] = f"https://{value}"
            elif name == "status":
                data[name] = STATUSES.get(value.strip().lower(), value)
            else:
                data[name] = value
        timescale = self.timescale(number, cells, problems)
        if timescale:
            data["timescale"] = timescale
        data = {name: data[name] for name in ORDER if name in data}
        reported = {problem.field for problem in problems}
        problems += [p for p in self.validate(number, data) if p.field not in reported]
        if problems:
            return None, sorted(problems, key=self.column_order)
        practice_id, warnings = self.practice_id(number, cells, data, ids)
        if practice_id is None:
            return None, warnings
        return ImportedPractice(practice_id, number, data, warnings), []

    def column_order(self, problem: Problem) -> int:
        """Where the problem's column stands in the file (columns not in it last)."""
        position = {heading: index for index, heading in enumerate(self.headings.values())}
        return position.get(problem.field, len(position))

    def project(self, number: int, cells: Mapping[str, Any], problems: list[Problem]) -> str | None:
        value = _text(cells.get("project"))
        if value is None:
            return self.default_project
        found = self.projects.get(acronym_key(value))
        if found is None:
            close = difflib.get_close_matches(value, self.project_names, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                self.problem(
                    number,
                    self.headings["project"],
                    f"expected the id or acronym of a project, got unknown project {value!r}{hint}",
                )
            )
            return None
        return found

    def location(self, cells: Mapping[str, Any]) -> dict[str, str]:
        location: dict[str, str] = {}
        combined = _text(cells.get("location"))
        if combined is not None:
            location.update(_split_location(combined))
        for part in ("country", "region", "city"):
            value = _text(cells.get(f"location.{part}"))
            if value is not None:
                location[part] = value
        return {part: location[part] for part in ("country", "region", "city") if part in location}

    def timescale(self, number: int, cells: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        combined = cells.get("timescale")
        if not _is_empty(combined):
            points = self.time_points(number, "timescale", combined, problems, several=True)
            if points:
                result["start"] = points[0]
            if len(points) > 1 and points[1] is not None:
                result["end"] = points[1]
        for part in ("start", "end"):
            value = cells.get(f"timescale.{part}")
            if not _is_empty(value):
                points = self.time_points(number, f"timescale.{part}", value, problems, several=False)
                if points and points[0] is not None:
                    result[part] = points[0]
        return {part: result[part] for part in ("start", "end") if part in result}

    def time_points(
        self, number: int, name: str, value: Any, problems: list[Problem], several: bool
    ) -> list[int | dt.date | None]:
        """The years or dates of a cell; ``ongoing`` is no end."""
        if isinstance(value, dt.datetime):
            return [value.date()]
        if isinstance(value, dt.date):
            return [value]
        if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
            return [int(value)]
        text = _text(value) or ""
        points: list[int | dt.date | None] = []
        rest = text
        for match in TIME_POINT.finditer(text):
            try:
                points.append(_time_point(match))
            except ValueError:
                problems.append(
                    self.problem(
                        number, self.headings[name], f"expected a day that exists, got {match.group(0)!r}"
                    )
                )
                return []
            rest = rest.replace(match.group(0), " ", 1)
        leftover = re.sub(rf"\b{MONTH}(?!\w)", " ", rest, flags=re.IGNORECASE)
        leftover = re.sub(
            r"(?:\s|,|-|\u2013|\u2014|/|\bto\b|\buntil\b|\bsince\b|\bfrom\b)+",
            " ",
            leftover,
            flags=re.IGNORECASE,
        )
        leftover = leftover.strip()
        if leftover and ONGOING.match(leftover):
            points.append(None)
            leftover = ""
        expected = 2 if several else 1
        if leftover or not points or len(points) > expected:
            what = "a start and an end" if several else "a year or a date"
            problems.append(
                self.problem(
                    number,
                    self.headings[name],
                    f"expected {what} like 2016, 2016-03-01 or 01/03/2016 (day first), got {describe(text)}",
                )
            )
            return []
        return points

    def validate(self, number: int, data: dict[str, Any]) -> list[Problem]:
        """The Practice model's messages, located at the row and named by the file's column."""
        try:
            Practice.model_validate(data)
        except ValidationError as exc:
            doc = YamlDocument(path=Path(self.source), display=self.source, data=data, lines={(): number})
            return [self.located(problem, number) for problem in validation_problems(doc, Practice, exc)]
        return []

    def located(self, problem: Problem, number: int) -> RowProblem:
        name = problem.field
        if name == "location":  # no location at all: its country is what is missing
            name = "location.country"
        column = self.headings.get(name)
        if column is None and name.startswith("location."):
            column = self.headings.get("location")
        if column is None and name.startswith("timescale"):
            column = self.headings.get("timescale")
        if column is None and name.startswith(("themes[", "topics[")):
            column = self.headings.get(name.split("[", 1)[0])
        return self.problem(number, column or name, problem.message)

    def practice_id(
        self, number: int, cells: Mapping[str, Any], data: Mapping[str, Any], ids: set[str]
    ) -> tuple[str | None, list[Problem]]:
        given = _text(cells.get("id"))
        if given is not None:
            if not re.match(ID_PATTERN, given):
                return None, [
                    self.problem(
                        number,
                        self.headings["id"],
                        f"expected an id of lowercase letters, digits and hyphens, got {given!r}",
                    )
                ]
            if given in ids:
                return None, [
                    self.problem(number, self.headings["id"], f"expected a new id, got {given!r} again")
                ]
            return given, []
        candidate = slug(str(data["title"])) or "practice"
        chosen = unique(candidate, self.existing | ids)
        warnings: list[Problem] = []
        if chosen != candidate and candidate in self.existing:
            warnings.append(
                self.problem(
                    number,
                    self.headings["title"],
                    f"a practice or session {candidate!r} exists already; imported as {chosen!r}",
                    warning=True,
                )
            )
        return chosen, warnings


def _time_point(match: re.Match[str]) -> int | dt.date:
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
        return dt.date(year, month, day)
    if match.group("dmy"):
        return dt.date(int(match.group("dmy_y")), int(match.group("dmy_m")), int(match.group("dmy")))
    if match.group("my_y"):
        month = int(match.group("my_m"))
        if not 1 <= month <= 12:
            raise ValueError(month)
        return int(match.group("my_y"))
    return int(match.group("year"))


def _split_location(text: str) -> dict[str, str]:
    """``Country: Italy; Region: Emilia-Romagna`` or ``Bologna, Emilia-Romagna, Italy`` -> parts."""
    labelled = dict(
        (key.strip().lower(), value.strip())
        for key, value in re.findall(r"(country|region|city)\s*:\s*([^;\n]+)", text, flags=re.IGNORECASE)
    )
    if labelled:
        return labelled
    parts = [re.sub(r"\s*\((?:europe|eu)\)\s*$", "", p, flags=re.IGNORECASE).strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    named = dict(zip(("country", "region", "city"), reversed(parts), strict=False))
    return named

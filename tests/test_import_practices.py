"""Importing good practices from CSV and XLSX: exact data, exact messages, nothing half-imported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS

from brief_builder.errors import ProblemsError, UsageError
from brief_builder.importers import practices_plan, read_practices
from brief_builder.importers.columns import COLUMNS, heading_key
from brief_builder.importers.session import known_projects_of
from brief_builder.sources.library import load_library
from brief_builder.sources.models import Practice

PRACTICES = ROOTS / "import" / "practices"
KNOWN = {"ALPHA": "alpha", "BETA": "beta"}
"""The projects of tests/roots/minimal."""
EXISTING = {"alpha-academy", "mid-check", "zeta-vouchers", "meeting"}
"""The practice and session ids of tests/roots/minimal."""

FIELDS_DATA = [
    (
        "export-vouchers-lodz",
        2,
        {
            "title": "Export Vouchers Łódź",
            "project": "alpha",
            "location": {"country": "Poland", "region": "Łódzkie", "city": "Łódź"},
            "summary": "Vouchers pay half the cost of a first trade fair abroad.",
            "themes": ["SME competitiveness", "internationalisation"],
            "topics": ["export vouchers"],
            "institution": "Łódź Business Agency",
            "description": "The city's agency runs two calls a year.\n\nEach voucher covers up to EUR 5,000.",
            "timescale": {"start": 2016},
            "resources_needed": "EUR 200 000 a year",
            "evidence_of_success": "120 vouchers granted",
            "transferability": "Any city with an export agency",
            "expert_opinion": "A simple scheme worth copying.",
            "url": "https://example.org/lodz-vouchers",
            "status": "validated",
        },
    ),
    (
        "digital-export-desk",
        3,
        {
            "title": "Digital Export Desk",
            "project": "beta",
            "location": {"country": "Austria", "region": "Styria"},
            "summary": "An online desk answers export questions within two days.",
            "themes": ["digitalisation"],
            "timescale": {"start": dt.date(2019, 3, 1), "end": dt.date(2021, 12, 31)},
            "difficulties": "Few firms knew the desk at first.",
            "status": "submitted",
        },
    ),
]
DATABASE_DATA = [
    (
        "emilia-romagna-go-global",
        2,
        {
            "title": "Emilia-Romagna Go Global",
            "project": "alpha",
            "location": {"country": "Italy", "region": "Emilia-Romagna", "city": "Bologna"},
            "summary": "A regional programme that funds export projects of SME networks.",
            "themes": ["SME competitiveness"],
            "institution": "Regione Emilia-Romagna",
            "description": "Calls for SME networks, with advice from the regional agency.",
            "timescale": {"start": 2016, "end": 2020},
            "resources_needed": "EUR 5 million",
            "evidence_of_success": "755 companies co-financed",
            "difficulties": "Paperwork for small firms",
            "transferability": "Regions with SME networks",
            "expert_opinion": "Validated as a good practice.",
            "url": "https://www.regione.emilia-romagna.it",
            "status": "validated",
        },
    ),
    (
        "passport-abroad",
        3,
        {
            "title": "Passport Abroad",
            "project": "beta",
            "location": {"country": "Spain", "region": "Murcia"},
            "summary": "Training and coaching for first-time exporters.",
            "themes": ["SME competitiveness"],
            "institution": "Instituto de Fomento de la Región de Murcia",
            "timescale": {"start": 2017},
            "status": "submitted",
        },
    ),
    (
        "alpha-academy-2",
        4,
        {
            "title": "Alpha Academy",
            "project": "alpha",
            "location": {"country": "Portugal", "region": "Lisbon"},
            "summary": "An academy for first-time exporters.",
            "themes": ["SME competitiveness", "internationalisation"],
            "timescale": {"start": 2019},
        },
    ),
]
BAD_ROWS = [
    "bad-rows.csv:row 1: warning: Colour: expected a practice field or a column of the good practice "
    "database, got an unknown column; ignored",
    "bad-rows.csv:row 3: Project: expected the id or acronym of a project, got unknown project 'GAMMA'",
    "bad-rows.csv:row 3: Country: expected a value (this field is required), got nothing",
    "bad-rows.csv:row 3: Timescale (start/end date): expected a start and an end like 2016, 2016-03-01 or "
    "01/03/2016 (day first), got 'sometime'",
    "bad-rows.csv:row 3: Website: expected an http, https or mailto URL, got 'javascript:alert(1)'",
    "bad-rows.csv:row 4: Title of the good practice: expected a value (this field is required), got nothing",
    "bad-rows.csv:row 4: Short summary: expected a value (this field is required), got nothing",
    "bad-rows.csv:row 5: Timescale (start/end date): expected a day that exists, got '31/02/2019'",
]


def _read(path: Path, **options: Any) -> Any:
    options.setdefault("known_projects", KNOWN)
    options.setdefault("existing_ids", EXISTING)
    return read_practices(path, display=path.name, **options)


def _rows(imported: Any) -> list[tuple[str, int, dict[str, Any]]]:
    return [(p.id, p.row, p.data) for p in imported.practices]


def test_columns_named_by_the_fields() -> None:
    imported = _read(PRACTICES / "fields.csv")
    assert _rows(imported) == FIELDS_DATA
    assert imported.problems == []


def test_columns_named_by_the_database_semicolons_and_a_byte_order_mark() -> None:
    imported = _read(PRACTICES / "database.csv")
    assert _rows(imported) == DATABASE_DATA
    assert [str(p) for p in imported.problems] == [
        "database.csv:row 4: warning: Title of the good practice: a practice or session 'alpha-academy' "
        "exists already; imported as 'alpha-academy-2'",
    ]


def test_every_bad_row_is_reported_at_once_and_nothing_is_imported() -> None:
    with pytest.raises(ProblemsError) as raised:
        _read(PRACTICES / "bad-rows.csv")
    assert [str(p) for p in raised.value.problems] == BAD_ROWS
    assert str(raised.value) == "7 errors in 1 file (1 warning)"


def test_skip_invalid_imports_the_good_rows_and_reports_the_others() -> None:
    imported = _read(PRACTICES / "bad-rows.csv", skip_invalid=True)
    assert imported.skipped_rows == [3, 4, 5]
    assert [(p.id, p.row) for p in imported.practices] == [("good-one", 2)]
    assert [str(p) for p in imported.problems] == BAD_ROWS


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_with_the_database_labels_gives_what_the_csv_gives(tmp_path: Path) -> None:
    import csv

    with (PRACTICES / "database.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = [[cell or None for cell in row] for row in csv.reader(stream, delimiter=";")]
    imported = _read(_workbook(tmp_path / "database.xlsx", rows))
    assert _rows(imported) == DATABASE_DATA


def test_xlsx_cells_of_every_type_and_a_bad_row(tmp_path: Path) -> None:
    rows = [
        [None],
        ["title", "project", "country", "summary", "start", "end", "themes", "url"],
        [
            "Typed cells",
            "ALPHA",
            "Italy",
            "Dates, years and numbers.",
            dt.datetime(2019, 3, 1),
            2021.0,
            "a; b",
            None,
        ],
        [None, None, None, None, None, None, None, None],
        ["Bad cells", "alpha", "Italy", None, "soon", dt.date(2020, 1, 1), None, "ftp://example.org"],
    ]
    path = _workbook(tmp_path / "typed.xlsx", rows)
    with pytest.raises(ProblemsError) as raised:
        _read(path)
    assert [str(p) for p in raised.value.problems] == [
        "typed.xlsx:row 5: summary: expected a value (this field is required), got nothing",
        "typed.xlsx:row 5: start: expected a year or a date like 2016, 2016-03-01 or 01/03/2016 (day first), "
        "got 'soon'",
        "typed.xlsx:row 5: url: expected an http, https or mailto URL, got 'ftp://example.org'",
    ]
    imported = _read(path, skip_invalid=True)
    assert _rows(imported) == [
        (
            "typed-cells",
            3,
            {
                "title": "Typed cells",
                "project": "alpha",
                "location": {"country": "Italy"},
                "summary": "Dates, years and numbers.",
                "themes": ["a", "b"],
                "timescale": {"start": dt.date(2019, 3, 1), "end": 2021},
            },
        )
    ]


def test_a_project_for_rows_that_name_none(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Title,Country,Summary\nOne,Italy,First.\nOne,Spain,Second.\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        _read(path)
    assert [str(p) for p in raised.value.problems] == [
        "p.csv:row 1: project: expected a column 'project' (or 'project acronym') or a project for every row "
        "(--project), got none",
    ]
    with pytest.raises(UsageError) as raised_usage:
        _read(path, project="betta")
    assert (
        str(raised_usage.value)
        == "--project: expected the id or acronym of a project, got 'betta' (did you mean 'beta'?)"
    )
    imported = _read(path, project="BETA")
    assert [(p.id, p.data["project"], p.data["location"]["country"]) for p in imported.practices] == [
        ("one", "beta", "Italy"),
        ("one-2", "beta", "Spain"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.ods", b"x", "UsageError: p.ods: expected a .csv or .xlsx file, got '.ods'"),
        ("p.csv", b"title\n\xff\n", "ProblemsError: p.csv:2: expected UTF-8 text, got byte 0xff"),
        ("p.csv", b"\n\n", "ProblemsError: p.csv: expected a header row and practices, got an empty sheet"),
        (
            "p.csv",
            b"title,project,country,summary\n",
            "ProblemsError: p.csv: expected practices after the header row, got none",
        ),
        (
            "p.xlsx",
            b"not a zip",
            "ProblemsError: p.xlsx: expected an Excel workbook (.xlsx), got a file openpyxl cannot open",
        ),
        (
            "p.csv",
            b"title,Title of the good practice,project,country,summary\n",
            "ProblemsError: p.csv:row 1: Title of the good practice: expected one column per field, "
            "got a second column for title (the first is 'title')",
        ),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises((ProblemsError, UsageError)) as raised:
        _read(path)
    error = raised.value
    shown = "\n".join(map(str, error.problems)) if isinstance(error, ProblemsError) else str(error)
    assert f"{type(error).__name__}: {shown}".startswith(message)


def test_the_written_files_validate(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(ROOTS / "minimal" / "sources", sources)
    library = load_library(sources)
    existing = {*library.practices, *library.sessions}
    imported = read_practices(
        PRACTICES / "database.csv",
        known_projects=known_projects_of(library.projects),
        existing_ids=existing,
        display="database.csv",
    )
    plan = practices_plan(imported)
    assert list(plan.files) == [
        "practices/emilia-romagna-go-global.yaml",
        "practices/passport-abroad.yaml",
        "practices/alpha-academy-2.yaml",
    ]
    assert plan.existing(sources) == []
    for relative, text in plan.files.items():
        (sources / relative).write_text(text, encoding="utf-8")
    reloaded = load_library(sources)
    assert [p for p in reloaded.problems if p.is_error] == []
    for practice_id, _row, data in DATABASE_DATA:
        assert reloaded.practices[practice_id].doc.data == data
    assert plan.files["practices/alpha-academy-2.yaml"] == (
        "# yaml-language-server: $schema=../.schemas/practice.schema.json\n"
        "# Imported by brief import practices from database.csv, row 4.\n"
        "# Check against the spreadsheet, then run brief validate:\n"
        "# - Title of the good practice: a practice or session 'alpha-academy' exists already;\n"
        "#   imported as 'alpha-academy-2'\n"
        "title: Alpha Academy\n"
        "project: alpha\n"
        "location:\n"
        "  country: Portugal\n"
        "  region: Lisbon\n"
        "summary: An academy for first-time exporters.\n"
        "themes:\n"
        "  - SME competitiveness\n"
        "  - internationalisation\n"
        "timescale:\n"
        "  start: 2019\n"
    )


def test_every_practice_field_has_a_column() -> None:
    fields = {name for name in Practice.model_fields} - {"location", "timescale"}
    nested = {"location.country", "location.region", "location.city", "timescale.start", "timescale.end"}
    assert fields | nested <= set(COLUMNS)
    assert all(
        heading_key(label) == heading_key(heading_key(label))
        for labels in COLUMNS.values()
        for label in labels
    )

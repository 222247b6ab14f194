"""``brief import session`` and ``brief import practices`` as users drive them: files, messages, codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from brief_builder.app.cli import main

SUMMARIES = ROOTS / "import" / "summaries"
SPREADSHEETS = ROOTS / "import" / "practices"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the minimal sources (projects alpha and beta) without its schemas folder."""
    target = tmp_path / "sources"
    shutil.copytree(ROOTS / "minimal" / "sources", target)
    return target


def _files(sources: Path) -> set[str]:
    return {p.relative_to(sources).as_posix() for p in sources.rglob("*.yaml")}


def test_a_dry_run_prints_the_files_and_writes_nothing(sources: Path, capsys) -> None:
    before = _files(sources)
    assert main(["import", "session", str(SUMMARIES / "webinar-vouchers.txt"), "--year", "2022",
                 "--dry-run", "--sources", str(sources)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith(f"--- {sources / 'sessions' / 'webinar-2022-03-03.yaml'}\n")
    assert "\ntitle: " in out
    assert _files(sources) == before


def test_an_import_writes_the_session_and_its_new_projects_then_refuses_to_overwrite(
    sources: Path, capsys
) -> None:
    argv = ["import", "session", str(SUMMARIES / "workshop-evora.txt"), "--sources", str(sources)]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    session = sources / "sessions" / "workshop-2018-11-22.yaml"
    assert f"wrote {session}" in out
    assert out[-1] == "check the files (comments say what was inferred), then run brief validate"
    assert (sources / ".schemas" / "session.schema.json").is_file()
    written = session.read_bytes()
    session.write_text(session.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    edited = session.read_bytes()
    assert main(argv) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (  # the projects it added are known now
        f"brief: error: refusing to overwrite {session}: edit them, choose another --id, or use --force"
    )
    assert session.read_bytes() == edited
    assert main([*argv, "--force"]) == 0
    assert session.read_bytes() != edited and b"# edited by hand" not in session.read_bytes()
    assert session.read_bytes().startswith(written[:60])


def test_a_summary_without_any_year_asks_for_one(sources: Path, tmp_path: Path, capsys) -> None:
    summary = tmp_path / "webinar.txt"
    summary.write_text(
        "Webinar: Export vouchers\n"
        "On 3 March, the Policy Learning Platform organised a webinar on vouchers.\n",
        encoding="utf-8",
    )
    argv = ["import", "session", str(summary), "--sources", str(sources)]
    assert main(argv) == 1
    assert "--year" in capsys.readouterr().err
    assert not (sources / "sessions").joinpath("webinar-2022-03-03.yaml").exists()
    assert main([*argv, "--year", "2022"]) == 0
    assert (sources / "sessions" / "webinar-2022-03-03.yaml").is_file()


def test_a_spreadsheet_with_bad_rows_writes_nothing_unless_told_to_skip_them(sources: Path, capsys) -> None:
    before = _files(sources)
    argv = ["import", "practices", str(SPREADSHEETS / "bad-rows.csv"), "--sources", str(sources)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "bad-rows.csv:row 3: " in err
    assert _files(sources) == before
    assert main([*argv, "--skip-invalid"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("skipped ") and "rows with errors: 3" in out[-1]
    added = _files(sources) - before
    assert added and all(path.startswith("practices/") for path in added)
    assert main(["validate", "--sources", str(sources), "--no-cache"]) in (0, 1)
    assert not [
        line for line in capsys.readouterr().err.splitlines() if "practices/" in line and "error" in line
    ]


def test_an_unknown_file_type_is_a_usage_error(sources: Path, tmp_path: Path, capsys) -> None:
    odd = tmp_path / "summary.pdf"
    odd.write_bytes(b"%PDF-1.7")
    assert main(["import", "session", str(odd), "--sources", str(sources)]) == 2
    assert "expected" in capsys.readouterr().err

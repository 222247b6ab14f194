"""The one theme table: a value ``brief validate`` accepts renders to PDF, DOCX and HTML; one it refuses
is refused, by validate and by compile, with its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief_builder.app.cli import main
from brief_builder.layouts.theme import KINDS

ACCEPTED: dict[str, list[object]] = {
    "primary": ["#0a5", "00594F"],
    "accent": ["#7ab800"],
    "text": ["#111"],
    "muted": ["#5b6770"],
    "box_background": ["#ffffff"],
    "table_header_text": ["#000000"],
    "font_body": ["DejaVu Sans"],
    "font_heading": ["Source Sans 3"],
    "font_mono": ["DejaVu Sans Mono"],
    "font_size": ["11", 11.5, "4mm"],
    "page_size": ["A4 landscape", "letter", "210mm 297mm"],
    "margin": ["20mm 25mm", "20 25 30 35"],
    "toc": [False, "yes"],
    "logo": [""],
    "house_rule": ["2px solid"],
}
"""Values of each theme key that every format must render (``house_rule``: a key of the layout's own)."""

REFUSED: dict[str, tuple[object, str]] = {
    "primary": ("navy", "a colour such as #1f3a68"),
    "accent": ("#12345", "a colour such as #1f3a68"),
    "text": ("rgb(0, 0, 0)", "a colour such as #1f3a68"),
    "muted": ("", "a colour such as #1f3a68"),
    "box_background": ("#gggggg", "a colour such as #1f3a68"),
    "table_header_text": ("white", "a colour such as #1f3a68"),
    "font_body": ('Evil"; }', "a font family name such as Source Sans 3"),
    "font_heading": ("", "a font family name such as Source Sans 3"),
    "font_mono": ("Mono;", "a font family name such as Source Sans 3"),
    "font_size": ("large", "a length such as 10.5pt or 20mm"),
    "page_size": ("A4 sideways", "a page size such as A4, 'A4 landscape' or '210mm 297mm'"),
    "margin": ("1 2 3 4 5", "one to four lengths such as 20mm or '20mm 25mm'"),
    "toc": ("maybe", "true or false"),
    "logo": ("../secret.svg", "a file name in the layout folder such as logo.svg, or nothing"),
    "house_rule": ("x; } body {", "a plain value without quotes, semicolons or braces"),
}


def test_the_tables_cover_every_key_the_renderers_read() -> None:
    assert set(KINDS) <= set(ACCEPTED)
    assert set(ACCEPTED) == set(REFUSED)


def _brief(key: str, value: object) -> str:
    return (
        "title: Theme test\nlayout: policy-brief\n"
        f"theme:\n  {key}: {json.dumps(value)}\n"
        "sections:\n  - title: Practices\n    include: practices\n"
        "  - title: Recommendations\n    include: recommendations\n"
        "  - title: Projects\n    include: projects\n    as: table\n"
        "  - title: Insights\n    include: findings\n"
    )


def _library(minimal: Path, values: dict[str, object]) -> dict[str, str]:
    """Briefs ``t1``, ``t2``, ... each overriding one theme key; the minimal library's briefs removed."""
    for old in (minimal / "briefs").iterdir():
        old.unlink()
    names = {}
    for index, (key, value) in enumerate(values.items(), start=1):
        name = f"t{index}"
        (minimal / "briefs" / f"{name}.yaml").write_text(_brief(key, value), encoding="utf-8")
        names[name] = key
    return names


@pytest.mark.parametrize("key", sorted(ACCEPTED))
def test_every_value_validate_accepts_renders_in_every_format(
    key: str, minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for old in (minimal / "briefs").iterdir():
        old.unlink()
    for index, value in enumerate(ACCEPTED[key], start=1):
        (minimal / "briefs" / f"t{index}.yaml").write_text(_brief(key, value), encoding="utf-8")
    assert main(["validate", "--sources", str(minimal), "--no-cache"]) == 0, capsys.readouterr().err
    output = tmp_path / "output"
    argv = ["-q", "compile", "--all", "--format", "pdf,docx,html", "--no-cache", "--jobs", "1"]
    assert main([*argv, "--sources", str(minimal), "--output", str(output)]) == 0, capsys.readouterr().err
    assert len(list(output.glob("*.pdf"))) == len(list(output.glob("*.docx"))) == len(ACCEPTED[key])


def test_every_value_validate_refuses_is_refused_with_its_file_and_line(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = _library(minimal, {key: value for key, (value, _) in REFUSED.items()})
    expected = [
        f"sources/briefs/{name}.yaml:4: theme.{key}: expected {REFUSED[key][1]}"
        for name, key in names.items()
    ]
    assert main(["validate", "--sources", str(minimal), "--no-cache"]) == 1
    printed = [line for line in capsys.readouterr().err.splitlines() if ": theme." in line]
    assert [line.split(", got ")[0].split(" (names:")[0] for line in printed] == sorted(expected)
    assert main(["-q", "compile", "--all", "--sources", str(minimal), "--output", str(tmp_path / "o")]) == 1
    assert not (tmp_path / "o").exists()

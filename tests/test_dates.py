"""Dates, country and language names from CLDR (through Babel), in any language; layouts type none."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from brief_builder.cldr import capitalised, country_name, language_name, month_name
from brief_builder.dates import format_date
from brief_builder.layouts.loader import load_layout
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate

JULY_1 = dt.date(2021, 7, 1)
MAY_20 = dt.date(2021, 5, 20)


@pytest.mark.parametrize(
    ("language", "first", "twentieth"),
    [
        ("en", "1 July 2021", "20 May 2021"),
        ("en-GB", "1 July 2021", "20 May 2021"),
        ("en-US", "July 1, 2021", "May 20, 2021"),
        ("fr", "1 juillet 2021", "20 mai 2021"),
        ("fr-CA", "1 juillet 2021", "20 mai 2021"),
        ("de", "1. Juli 2021", "20. Mai 2021"),
        ("de-AT", "1. Juli 2021", "20. Mai 2021"),
        ("es", "1 de julio de 2021", "20 de mayo de 2021"),
        ("it", "1 luglio 2021", "20 maggio 2021"),
        ("pl", "1 lipca 2021", "20 maja 2021"),
        ("ja", "2021年7月1日", "2021年5月20日"),
        ("xx", "2021-07-01", "2021-05-20"),
    ],
)
def test_dates_are_cldr_long_dates(language: str, first: str, twentieth: str) -> None:
    assert format_date(JULY_1, language, {}) == first
    assert format_date(MAY_20, language, {}) == twentieth


def test_a_layout_may_still_override_dates() -> None:
    assert format_date(MAY_20, "de", {"date_format": "{day}/{month}/{year}"}) == "20/Mai/2021"
    assert format_date(MAY_20, "fr", {"month_5": "MAI"}) == "20 MAI 2021"
    assert format_date(MAY_20, "ru", {"date_format": "{day} {month} {year}"}) == "20 мая 2021"  # genitive
    assert format_date(MAY_20, "xx", {"date_format": "{day} {month}"}) == "2021-05-20"  # no month name at all


def test_layouts_type_no_month_names() -> None:
    for name in ("policy-brief", "event-summary"):
        layout = load_layout(name)
        for language, labels in layout.labels.items():
            typed = [key for key in labels if key == "date_format" or re.match(r"month_\d+$", key)]
            assert typed == [], (name, language)
        assert "date_format" not in layout.untranslated("pl")


def test_cldr_names() -> None:
    assert month_name(7, "fr") == "juillet"
    assert country_name("Italy", "fr") == "Italie"
    assert country_name("hungary", "de-AT") == "Ungarn"
    assert country_name("Pannonia", "fr") is None
    assert country_name("Italy", "xx") is None
    assert language_name("fr") == "français"
    assert language_name("de") == "Deutsch"
    assert language_name("fr-CA") == "français (Canada)"
    assert language_name("de", "fr") == "allemand"
    assert language_name("xx") == "xx"
    assert capitalised(language_name("es")) == "Español"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "20 May 2021"), ("de", "20. Mai 2021"), ("es", "20 de mayo de 2021")]
)
def test_an_event_summary_writes_its_dates_in_its_language(
    tmp_path: Path, language: str, expected: str
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "sources", sources)
    brief = sources / "briefs" / "community-brainstorming-2021-05-20.yaml"
    brief.write_text(f"{brief.read_text()}language: {language}\n")
    validation = validate(Project(sources=sources), ["community-brainstorming-2021-05-20"])
    outline = validation.compiled["community-brainstorming-2021-05-20"].result.outline
    details = outline.sections[0].blocks[0]
    assert details.items[0].body[0].runs[0].text == expected
    assert format_date(outline.meta.date, outline.meta.language, outline.meta.labels) == expected

"""Figures follow CLDR in the language they are shown in: grouping, decimals, plurals, file sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import lxml.html
import pytest

from brief_builder.app.site import DOWNLOADS, Download, SiteBrief, render_index
from brief_builder.cldr import file_size, format_number, plural_category
from brief_builder.layouts.loader import SITE_LAYOUT, load_layout

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "1,234,567"), ("de", "1.234.567"), ("fr", f"1{NNBSP}234{NNBSP}567"), ("en-IN", "12,34,567")],
)
def test_numbers_are_grouped_as_cldr_groups_them(tag: str, expected: str) -> None:
    assert format_number(1234567, tag) == expected


def test_decimals_are_fixed_when_asked_and_use_the_language_separator() -> None:
    assert format_number(1.5, "en", decimals=1) == "1.5"
    assert format_number(1.5, "fr", decimals=1) == "1,5"
    assert format_number(2, "de", decimals=1) == "2,0"
    assert format_number(2.46, "de", decimals=0) == "2"


def test_a_language_cldr_does_not_know_gets_plain_digits() -> None:
    assert format_number(1234567, "qaa") == "1234567"
    assert format_number(1.25, "qaa", decimals=1) == "1.2"
    assert plural_category(1, "qaa") == "other"


@pytest.mark.parametrize(
    ("tag", "counts"),
    [
        ("en", {0: "other", 1: "one", 2: "other"}),
        ("fr", {0: "one", 1: "one", 2: "other"}),
        ("pl", {1: "one", 3: "few", 5: "many", 22: "few"}),
        ("ja", {1: "other", 2: "other"}),
        ("ar", {0: "zero", 2: "two", 3: "few"}),
    ],
)
def test_plural_categories_are_cldr_s(tag: str, counts: dict[int, str]) -> None:
    assert {n: plural_category(n, tag) for n in counts} == counts


def test_file_sizes_in_kilobytes_then_megabytes_with_the_language_s_figures() -> None:
    assert file_size(10, "en") == "1 KB"  # never 0 KB
    assert file_size(93_000, "en") == "91 KB"
    assert file_size(1_572_864, "en") == "1.5 MB"
    assert file_size(1_572_864, "fr") == "1,5 MB"
    assert file_size(1_572_864, "de") == "1,5 MB"
    assert file_size(1000 * 1024, "en") == "1,000 KB"
    assert file_size(1000 * 1024, "de") == "1.000 KB"


def _brief(number: int, size: int, pages: int | None) -> SiteBrief:
    return SiteBrief(
        id=f"brief-{number}",
        title=f"Brief {number}",
        subtitle=None,
        date=dt.date(2024, 6, 15),
        date_text="15 June 2024",
        language="en",
        language_name="English",
        layout="policy-brief",
        status="final",
        pages=pages,
        downloads=(Download(DOWNLOADS[0], f"brief-{number}.pdf", size),),
        thumbnail=None,
        thumbnail_href=None,
    )


def _page(briefs: list[SiteBrief]) -> lxml.html.HtmlElement:
    layout = load_layout("site", (), SITE_LAYOUT)
    return lxml.html.fromstring(render_index(briefs, layout, "Briefs"))


def test_the_downloads_page_writes_sizes_and_page_counts_through_cldr() -> None:
    page = _page([_brief(1, 1_572_864, 1234)])
    assert page.get("lang") == "en"
    assert [s.text_content() for s in page.xpath("//span[@class='size']")] == ["1.5 MB"]
    facts = {d.xpath("dt")[0].text_content(): d.xpath("dd")[0].text_content() for d in page.xpath("//dl/div")}
    assert facts["Pages"] == "1,234"


def test_the_downloads_page_counts_its_briefs_with_cldr_s_plural_rule() -> None:
    one = _brief(1, 93_000, 8)
    lead = "//p[@class='lead']"
    assert " ".join(_page([one]).xpath(lead)[0].text_content().split()).startswith("1 brief to read")
    two = [one, replace(one, id="brief-2", title="Brief 2")]
    assert " ".join(_page(two).xpath(lead)[0].text_content().split()).startswith("2 briefs to read")

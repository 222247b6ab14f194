"""The DOCX names the layout's fallback fonts in Word's East Asian and complex-script slots, and the
edition's language in the slot of its script."""

from __future__ import annotations

import io
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import libreoffice_pdf, needs
from lxml import etree

from brief_builder.cldr import likely_region, script
from brief_builder.layouts.fonts import family_files
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.docx import render
from brief_builder.renderers.docx.scripts import ScriptFonts, script_fonts, slot_languages
from brief_builder.renderers.docx.styles import language_tag
from tests.sample_outline import sample_outline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CJK = {
    "Hani": ("Noto Sans CJK JP", "Noto Sans CJK SC"),
    "Hira": ("Noto Sans CJK JP",),
    "Kana": ("Noto Sans CJK JP",),
    "Hang": ("Noto Sans CJK KR",),
}
RTL = {"Hebr": ("Noto Sans Hebrew",), "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic")}


def _attr(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def _parts(outline: Outline, layout: Layout) -> tuple[etree._Element, etree._Element]:
    data = render(outline, layout, RenderOptions()).data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/styles.xml")), etree.fromstring(
            package.read("word/settings.xml")
        )


def _fonts(styles: etree._Element, style_id: str | None) -> dict[str, str | None]:
    """The four font slots of the document defaults (None) or of a style."""
    where = f"w:style[@w:styleId='{style_id}']/w:rPr" if style_id else "w:docDefaults/w:rPrDefault/w:rPr"
    (fonts,) = styles.xpath(f"{where}/w:rFonts", namespaces=NS)
    return {slot: _attr(fonts, slot) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def _language(styles: etree._Element) -> dict[str, str | None]:
    (lang,) = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang", namespaces=NS)
    return {slot: _attr(lang, slot) for slot in ("val", "eastAsia", "bidi")}


def _theme_language(settings: etree._Element) -> dict[str, str | None]:
    (lang,) = settings.xpath("w:themeFontLang", namespaces=NS)
    return {slot: _attr(lang, slot) for slot in ("val", "eastAsia", "bidi")}


def test_cldr_gives_the_script_and_region_of_a_language() -> None:
    assert [script(t) for t in ("ja", "ko", "zh", "zh-TW", "ar", "he", "en", "qaa")] == [
        "Jpan",
        "Kore",
        "Hans",
        "Hant",
        "Arab",
        "Hebr",
        "Latn",
        None,
    ]
    assert [likely_region(t) for t in ("ja", "zh-Hant", "fr-BE", "qaa")] == ["JP", "TW", "BE", None]


def test_word_tags_take_cldr_s_region_for_a_language_outside_the_table() -> None:
    assert [language_tag(t) for t in ("ja", "ko", "zh", "zh-Hant", "zh-Hant-HK", "he", "en", "es-419")] == [
        "ja-JP",
        "ko-KR",
        "zh-CN",
        "zh-TW",
        "zh-HK",
        "he-IL",
        "en-GB",
        "es-419",
    ]


@pytest.mark.parametrize(
    ("language", "east_asian", "complex_"),
    [
        ("ja", "Noto Sans CJK JP", "Noto Sans Hebrew"),
        ("ko", "Noto Sans CJK KR", "Noto Sans Hebrew"),
        ("zh", "Noto Sans CJK JP", "Noto Sans Hebrew"),  # Hani's first family, as in the PDF's font stack
        ("en", "Noto Sans CJK JP", "Noto Sans Hebrew"),  # the layout's order for a Latin edition
        ("fa", "Noto Sans CJK JP", "Noto Naskh Arabic"),  # the edition's own script first
        ("he", "Noto Sans CJK JP", "Noto Sans Hebrew"),
    ],
)
def test_each_slot_takes_the_first_family_of_the_script_the_edition_prefers(
    language: str, east_asian: str, complex_: str
) -> None:
    assert script_fonts({**CJK, **RTL}, language) == ScriptFonts(east_asian, complex_)


def test_a_layout_without_fallbacks_leaves_the_slots_to_the_body_font() -> None:
    assert script_fonts({}, "ja") == ScriptFonts()
    assert ScriptFonts().slots() == {}
    assert script_fonts({"Cyrl": ("Noto Sans",)}, "ar") == ScriptFonts()


def test_slot_languages_only_for_east_asian_and_right_to_left_editions() -> None:
    assert slot_languages("ja", "ja-JP") == {"w:eastAsia": "ja-JP"}
    assert slot_languages("zh-Hant", "zh-TW") == {"w:eastAsia": "zh-TW"}
    assert slot_languages("ar", "ar-EG") == {"w:bidi": "ar-EG"}
    assert slot_languages("fr", "fr-FR") == {}


def test_a_japanese_edition_names_the_cjk_fallback_in_every_font_slot_and_japanese_as_its_language(
    layout: Layout,
) -> None:
    outline = sample_outline()
    outline = outline.model_copy(update={"meta": outline.meta.model_copy(update={"language": "ja"})})
    styles, settings = _parts(outline, layout)  # the built-in layout.yaml's fallback_fonts
    for style_id in (None, "Normal", "Heading1", "Code"):
        assert _fonts(styles, style_id)["eastAsia"] == "Noto Sans CJK JP", style_id
    assert _fonts(styles, None) == {
        "ascii": "Source Sans 3",
        "hAnsi": "Source Sans 3",
        "eastAsia": "Noto Sans CJK JP",
        "cs": "Source Sans 3",  # the layout names no fallback for a complex script
    }
    assert _language(styles) == {"val": "ja-JP", "eastAsia": "ja-JP", "bidi": None}
    assert _theme_language(settings) == {"val": "ja-JP", "eastAsia": "ja-JP", "bidi": None}


def test_a_korean_edition_takes_the_hangul_fallback(layout: Layout) -> None:
    outline = sample_outline()
    outline = outline.model_copy(update={"meta": outline.meta.model_copy(update={"language": "ko"})})
    styles, settings = _parts(outline, layout)
    assert _fonts(styles, "Heading1")["eastAsia"] == "Noto Sans CJK KR"
    assert _language(styles) == {"val": "ko-KR", "eastAsia": "ko-KR", "bidi": None}
    assert _theme_language(settings) == {"val": "ko-KR", "eastAsia": "ko-KR", "bidi": None}


def test_an_arabic_edition_names_the_arabic_fallback_and_its_bidi_language(layout: Layout) -> None:
    outline = sample_outline()
    outline = outline.model_copy(update={"meta": outline.meta.model_copy(update={"language": "ar"})})
    styles, settings = _parts(outline, replace(layout, fallback_fonts={**CJK, **RTL}))
    for style_id in (None, "Normal", "Heading1"):
        assert _fonts(styles, style_id)["cs"] == "Noto Naskh Arabic", style_id
    assert _fonts(styles, None)["ascii"] == "Source Sans 3"
    assert _language(styles) == {"val": "ar-EG", "eastAsia": None, "bidi": "ar-EG"}
    assert _theme_language(settings) == {"val": "ar-EG", "eastAsia": None, "bidi": "ar-EG"}


def test_an_english_brief_without_fallbacks_keeps_the_body_font_in_every_slot(layout: Layout) -> None:
    styles, settings = _parts(sample_outline(), replace(layout, fallback_fonts={}))
    assert set(_fonts(styles, None).values()) == {"Source Sans 3"}
    assert _language(styles) == {"val": "en-GB", "eastAsia": None, "bidi": None}
    assert _theme_language(settings) == {"val": "en-GB", "eastAsia": None, "bidi": None}


SERIF_CJK = "Noto Serif CJK SC"


@needs("soffice")
@needs("pdffonts")
@pytest.mark.skipif(
    not family_files(SERIF_CJK), reason=f"{SERIF_CJK} is not installed (fonts-noto-cjk-extra)"
)
def test_libreoffice_draws_the_chinese_characters_with_the_fallback_the_layout_names(
    layout: Layout, tmp_path: Path
) -> None:
    """Left to itself LibreOffice picks a sans CJK font; the layout's serif one in w:eastAsia wins."""
    outline = sample_outline()
    outline = outline.model_copy(update={"meta": outline.meta.model_copy(update={"title": "漢字の政策"})})
    fallbacks = {"Hani": (SERIF_CJK,), "Hira": (SERIF_CJK,)}
    path = tmp_path / "brief.docx"
    path.write_bytes(render(outline, replace(layout, fallback_fonts=fallbacks), RenderOptions()).data)
    listed = subprocess.run(
        ["pdffonts", str(libreoffice_pdf(path))], capture_output=True, text=True, check=True
    )
    fonts = [line.split()[0].partition("+")[2] for line in listed.stdout.splitlines()[2:]]
    assert any(name.startswith("NotoSerifCJK") for name in fonts), fonts
    assert not any(name.startswith("NotoSansCJK") for name in fonts), fonts
    assert any(name.startswith("SourceSans3") for name in fonts), fonts  # Latin text keeps the layout's font

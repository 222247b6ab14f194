"""Characters no font of the layout draws: a warning per field, --final refuses, no raw WeasyPrint lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, compile_argv, extending_layout, needs, pdf_text

from brief_builder.app.cli import main
from brief_builder.layouts.fonts import Coverage, family_files, layout_coverage
from brief_builder.layouts.loader import load_layout

TITLE = "日本の中小企業の国際化"
"""Internationalisation of Japanese SMEs: kanji and hiragana, which Source Sans 3 lacks."""


@pytest.fixture
def japanese(tmp_path: Path) -> Path:
    """The minimal sources, the policy brief titled in Japanese."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOTS / "minimal" / "sources", sources)
    brief = sources / "briefs" / "policy.yaml"
    brief.write_text(brief.read_text().replace("title: Testing brief", f'title: "{TITLE}"'))
    return sources


def test_coverage_names_the_characters_no_font_draws_once_each() -> None:
    coverage = Coverage(own=frozenset(map(ord, "abc ")), fallback={"Hira": frozenset(map(ord, "の"))})
    assert coverage.missing("abc の日日\u200b\x00本") == ["日", "本"]  # invisible characters need no glyph


def test_the_layout_names_fallback_fonts_by_script() -> None:
    layout = load_layout("policy-brief")
    assert layout.fallback_fonts["Hira"] == ("Noto Sans CJK JP",)
    assert layout.fallback_fonts["Hani"] == ("Noto Sans CJK JP", "Noto Sans CJK SC")
    assert load_layout("event-summary").fallback_fonts == layout.fallback_fonts  # inherited
    coverage = layout_coverage(layout.folders, layout.theme, {})
    assert coverage.missing("Internationalisation of SMEs, Łódź, Ελλάδα") == []


def test_a_bad_fallback_is_located(tmp_path: Path) -> None:
    from brief_builder.errors import ProblemsError

    folder = extending_layout(
        tmp_path / "layouts" / "mine", "", "fallback_fonts:\n  japanese: Noto Sans CJK JP\n"
    )
    with pytest.raises(ProblemsError) as caught:
        load_layout(folder.name, [folder.parent])
    assert [p.field for p in caught.value.problems] == ["fallback_fonts.japanese"]
    assert "expected an ISO 15924 script code" in caught.value.problems[0].message


def _without_cjk_fonts() -> bool:
    return not family_files("Noto Sans CJK JP")


NO_FALLBACKS = "fallback_fonts:\n" + "".join(
    f"  {s}: No Such Font\n" for s in ("Hani", "Hira", "Kana", "Hang")
)
"""A layout whose fallbacks for Chinese, Japanese and Korean are fonts no system has."""


def test_a_character_no_font_draws_is_a_located_warning_and_final_refuses(
    japanese: Path, tmp_path: Path, capsys
) -> None:
    layouts = tmp_path / "layouts"
    extending_layout(layouts / "no-cjk", "", NO_FALLBACKS)
    brief = japanese / "briefs" / "policy.yaml"
    brief.write_text(brief.read_text().replace("layout: policy-brief", "layout: no-cjk"))
    given = ("--layouts", str(layouts))
    output = tmp_path / "output"
    assert main(compile_argv(japanese, output, "policy", formats="html", extra=given)) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "fonts can draw" in line] == [  # once for the field
        "sources/briefs/policy.yaml:1: warning: title: expected characters the layout's fonts can draw, "
        "got '日' (U+65E5), '本' (U+672C), 'の' (U+306E), '中' (U+4E2D), '小' (U+5C0F), '企' (U+4F01), "
        "'業' (U+696D), '国' (U+56FD) and 2 more: they would show as empty boxes (install a font that has "
        "them, or name one under fallback_fonts: of the layout)"
    ]
    final = (*given, "--final")
    assert main(compile_argv(japanese, tmp_path / "final", "policy", formats="html", extra=final)) == 1
    assert "refusing to compile policy as final" in capsys.readouterr().err


@pytest.mark.skipif(not _without_cjk_fonts(), reason="a CJK font is installed: WeasyPrint draws every glyph")
def test_weasyprints_notdef_lines_are_held_back(japanese: Path, tmp_path: Path, capsys) -> None:
    assert main(compile_argv(japanese, tmp_path / "output", "policy", formats="pdf")) == 0
    err = capsys.readouterr().err
    assert "fonts can draw" in err and ".notdef" not in err


@needs("pdftotext")
@pytest.mark.skipif(_without_cjk_fonts(), reason="Debian's fonts-noto-cjk is not installed")
def test_a_japanese_title_is_drawn_with_real_glyphs(japanese: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "output"
    assert main(compile_argv(japanese, output, "policy", formats="pdf,html")) == 0
    err = capsys.readouterr().err
    assert "fonts can draw" not in err and ".notdef" not in err
    assert TITLE in pdf_text(output / "policy.pdf").replace("\n", "")
    fonts = shutil.which("pdffonts")
    if fonts is not None:
        from conftest import run

        assert "Noto-Sans-CJK-JP" in run(fonts, output / "policy.pdf")
    assert '"Noto Sans CJK JP"' in (output / "policy.html").read_text()


def test_weasyprints_notdef_lines_are_held_back_while_rendering(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from brief_builder.renderers.pdf import missing_glyphs

    weasyprint = logging.getLogger("weasyprint")
    with caplog.at_level(logging.INFO), missing_glyphs("policy"):
        for char in "日本日":
            weasyprint.warning(
                '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)',
                char,
                ord(char),
            )
        weasyprint.warning("something else")
    assert [r.getMessage() for r in caplog.records] == [
        "something else",
        "policy: drawn as empty boxes: 日本",
    ]
    weasyprint.warning(".notdef glyph after the render")  # the filter is gone with the render
    assert caplog.records[-1].getMessage() == ".notdef glyph after the render"

"""The one theme table: a value ``brief validate`` accepts renders to PDF, DOCX and HTML; one it refuses
is refused, by validate and by compile, with its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief_builder.app.cli import main
from brief_builder.layouts.loader import load_layout
from brief_builder.layouts.theme import CONTRAST, DEFAULTS, KINDS, WHITE, contrast_ratio

ACCEPTED: dict[str, list[object]] = {
    "primary": ["#0a5", "00594F"],
    "accent": ["#7ab800"],
    "accent_text": ["#8e6700"],
    "accent_on_primary": ["#e2a400"],
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
    "logo_docx": ["", "logo-docx.png"],
    "house_rule": ["2px solid"],
}
"""Values of each theme key that every format must render (``house_rule``: a key of the layout's own)."""

REFUSED: dict[str, tuple[object, str]] = {
    "primary": ("navy", "a colour such as #1f3a68"),
    "accent": ("#12345", "a colour such as #1f3a68"),
    "accent_text": ("gold", "a colour such as #1f3a68"),
    "accent_on_primary": ("#e2a40", "a colour such as #1f3a68"),
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
    "logo_docx": ("logo.svg", "a PNG, JPEG or GIF file in the layout folder such as logo.png, or nothing"),
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


# -- contrast ------------------------------------------------------------------------------


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#1f3a68", "#1f3a68") == pytest.approx(1.0)
    assert contrast_ratio("#ffffff", "#000") == contrast_ratio("#000", "#ffffff")
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast_ratio("#777777", WHITE) < 4.5
    assert contrast_ratio(WHITE, "#1f3a68", opacity=0.88) == pytest.approx(9.10, abs=0.01)


@pytest.mark.parametrize("name", ["policy-brief", "event-summary"])
def test_every_text_colour_of_the_built_in_themes_meets_wcag_aa(name: str) -> None:
    layout = load_layout(name)
    texts = {key: str(value) for key, value in {**DEFAULTS, **layout.theme}.items()}
    for pair in CONTRAST:
        text, background = texts.get(pair.text, pair.text), texts.get(pair.background, pair.background)
        ratio = contrast_ratio(text, background, pair.opacity)
        assert ratio >= pair.minimum, f"{name}: {pair.text} {text} on {pair.background} {background}"
    assert not [p for p in layout.problems() if "contrast" in p.message]


def test_the_defaults_meet_wcag_aa_too() -> None:
    for pair in CONTRAST:
        text, background = (str(DEFAULTS.get(key, key)) for key in (pair.text, pair.background))
        assert contrast_ratio(text, background, pair.opacity) >= pair.minimum, pair


def test_a_brief_theme_below_wcag_aa_is_a_warning_at_its_line_with_the_ratio(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for old in (minimal / "briefs").iterdir():
        old.unlink()
    brief = _brief("accent_text", "#e2a400").replace("theme:\n", 'theme:\n  muted: "#999999"\n')
    (minimal / "briefs" / "low.yaml").write_text(brief, encoding="utf-8")
    assert main(["validate", "--sources", str(minimal), "--no-cache"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "contrast" in line]
    assert warnings == [
        "sources/briefs/low.yaml:4: warning: theme.muted: expected a contrast of at least 4.5:1 (WCAG AA) "
        "for muted #999999 on white #ffffff (byline, facts, source notes, running head and page numbers), "
        "got 2.85:1",
        "sources/briefs/low.yaml:4: warning: theme.muted: expected a contrast of at least 4.5:1 (WCAG AA) "
        "for muted #999999 on box_background #eef2f8 (facts and kickers in boxes), got 2.54:1",
        "sources/briefs/low.yaml:5: warning: theme.accent_text: expected a contrast of at least 4.5:1 "
        "(WCAG AA) for accent_text #e2a400 on white #ffffff (recommendation numbers and the event "
        "summary's document type), got 2.20:1",
        "sources/briefs/low.yaml:5: warning: theme.accent_text: expected a contrast of at least 4.5:1 "
        "(WCAG AA) for accent_text #e2a400 on box_background #eef2f8 (separators between facts in boxes), "
        "got 1.96:1",
    ]
    assert main(["validate", "--strict", "--sources", str(minimal), "--no-cache"]) == 1


def test_a_layout_theme_below_wcag_aa_is_a_warning_at_its_line(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "pale").mkdir(parents=True)
    (layouts / "pale" / "layout.yaml").write_text(
        'extends: policy-brief\ntheme:\n  primary: "#7ab800"\n', encoding="utf-8"
    )
    brief = minimal / "briefs" / "policy.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("layout: policy-brief", "layout: pale"))
    assert main(["validate", "--sources", str(minimal), "--layouts", str(layouts), "--no-cache"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "contrast" in line]
    at = "layouts/pale/layout.yaml:3: warning: theme.primary: expected a contrast of at least "
    assert warnings and all(line.startswith(at) for line in warnings)
    assert (
        f"{at}4.5:1 (WCAG AA) for primary #7ab800 on white #ffffff (headings, links and labels), got 2.42:1"
        in (warnings)
    )
    assert any(
        w.startswith(f"{at}3:1 (WCAG AA) for white #ffffff on primary #7ab800 (title") for w in warnings
    )

"""Turn theme values (a layout's, with a brief's overrides) into what every format reads, by one table.

Each theme key has a kind; each kind parses a value once, into its parsed form (what the
DOCX styles read: colours as RGB hex, lengths in points) and its CSS form (what the
stylesheets read). ``brief validate`` checks with the same table, so a value it accepts is one
every renderer can render, and one it refuses is refused with its file and line.

The table's contrast rule (``CONTRAST``) names every text colour the layouts set on a
background: a theme whose pair falls below WCAG 2.x AA (4.5:1, 3:1 for large text) gets a
warning at the line that set one of its colours.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from brief_builder.errors import Problem, ProblemsError, Severity

T = TypeVar("T")

PAGE_SIZES: Mapping[str, tuple[str, str]] = {
    "A3": ("297mm", "420mm"),
    "A4": ("210mm", "297mm"),
    "A5": ("148mm", "210mm"),
    "A6": ("105mm", "148mm"),
    "B4": ("250mm", "353mm"),
    "B5": ("176mm", "250mm"),
    "LETTER": ("8.5in", "11in"),
    "LEGAL": ("8.5in", "14in"),
}
"""Page sizes by name (CSS ``@page size`` names), portrait."""
ORIENTATIONS = ("portrait", "landscape")
UNITS: Mapping[str, float] = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75, "pc": 12.0}
"""Points per unit; a bare number is points."""
LENGTH = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*(pt|mm|cm|in|px|pc)?", re.IGNORECASE)
COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,60}")
FILE = re.compile(r"(?:(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*)?")
RASTER = re.compile(
    r"(?:(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:png|jpe?g|gif))?", re.I
)
TOKEN = re.compile(r"[\w .,#%()/-]{0,200}")
KEY = re.compile(r"[a-z][a-z0-9_]*")
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0", "")


def as_text(value: Any) -> str:
    """A YAML value as the text it was written as: ``false`` for False, ``10.5`` for 10.5."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


# --- the kinds of value ----------------------------------------------------------------------


def parse_colour(text: str) -> str:
    """``#1f3a68`` or ``#fa0`` -> ``1F3A68``."""
    match = COLOUR.fullmatch(text)
    if not match:
        raise ValueError
    digits = match.group(1)
    return ("".join(d * 2 for d in digits) if len(digits) == 3 else digits).upper()


def parse_points(text: str) -> float:
    """``20mm``, ``10.5pt``, ``0.75in``, ``2cm`` or a bare number of points -> points."""
    match = LENGTH.fullmatch(text.strip())
    if not match:
        raise ValueError
    number, unit = match.groups()
    return float(number) * UNITS[(unit or "pt").lower()]


def length_css(text: str) -> str:
    """Lengths as CSS: a bare number gets ``pt``, which is what it means here (``11`` -> ``11pt``)."""
    return " ".join(f"{part}pt" if _is_number(part) else part for part in text.split())


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", text) is not None


def four_sides(parts: Sequence[T]) -> tuple[T, T, T, T]:
    """One to four values, as CSS's ``margin`` shorthand -> (top, right, bottom, left)."""
    if not 1 <= len(parts) <= 4:
        raise ValueError
    padded = [*parts, *[None] * (4 - len(parts))]
    top, right, bottom, left = padded
    right = parts[0] if right is None else right
    bottom = parts[0] if bottom is None else bottom
    left = right if left is None else left
    return top, right, bottom, left


def parse_margins(text: str) -> tuple[float, float, float, float]:
    """One to four lengths, as CSS's ``margin`` -> (top, right, bottom, left) in points."""
    return four_sides([parse_points(part) for part in text.split()])


def parse_page_size(text: str) -> tuple[float, float]:
    """``A4``, ``A4 landscape``, ``letter`` or ``210mm 297mm`` -> (width, height) in points."""
    words = text.split()
    if words and words[0].upper() in PAGE_SIZES and len(words) <= 2:
        if len(words) == 2 and words[1].lower() not in ORIENTATIONS:
            raise ValueError
        width, height = (parse_points(side) for side in PAGE_SIZES[words[0].upper()])
        landscape = len(words) == 2 and words[1].lower() == "landscape"
        return (height, width) if landscape else (width, height)
    if len(words) != 2:
        raise ValueError
    return parse_points(words[0]), parse_points(words[1])


def parse_flag(text: str) -> bool:
    """``true``, ``yes``, ``on``, ``1`` or ``false``, ``no``, ``off``, ``0`` (any case)."""
    word = text.lower()
    if word not in (*TRUE_WORDS, *FALSE_WORDS):
        raise ValueError
    return word in TRUE_WORDS


def _matching(pattern: re.Pattern[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not pattern.fullmatch(text):
            raise ValueError
        return text

    return parse


def _as_written(text: str) -> str:
    return text


@dataclass(frozen=True)
class Kind:
    """A kind of theme value: what it must look like, how it parses, how the stylesheets get it."""

    expected: str
    """What a wrong value is told it should be (``a colour such as #1f3a68``)."""
    parse: Callable[[str], Any]
    """Text -> parsed value; raises ValueError when the text is not one."""
    css: Callable[[str], str] = _as_written
    """Valid text -> its form in a stylesheet."""


COLOUR_KIND = Kind("a colour such as #1f3a68", parse_colour)
FONT_KIND = Kind("a font family name such as Source Sans 3", _matching(FONT))
LENGTH_KIND = Kind("a length such as 10.5pt or 20mm", parse_points, length_css)
MARGINS_KIND = Kind("one to four lengths such as 20mm or '20mm 25mm'", parse_margins, length_css)
PAGE_SIZE_KIND = Kind(
    f"a page size such as A4, 'A4 landscape' or '210mm 297mm' (names: {', '.join(PAGE_SIZES)})",
    parse_page_size,
)
FLAG_KIND = Kind("true or false", parse_flag)
FILE_KIND = Kind("a file name in the layout folder such as logo.svg, or nothing", _matching(FILE))
RASTER_KIND = Kind(
    "a PNG, JPEG or GIF file in the layout folder such as logo.png, or nothing", _matching(RASTER)
)
FILE_KINDS = (FILE_KIND, RASTER_KIND)
"""Kinds whose value names a file the layout must hold."""
TOKEN_KIND = Kind("a plain value without quotes, semicolons or braces", _matching(TOKEN))
"""The layout's own keys, which only its templates read."""

KINDS: Mapping[str, Kind] = {
    "primary": COLOUR_KIND,
    "accent": COLOUR_KIND,
    "accent_text": COLOUR_KIND,
    "accent_on_primary": COLOUR_KIND,
    "text": COLOUR_KIND,
    "muted": COLOUR_KIND,
    "box_background": COLOUR_KIND,
    "table_header_text": COLOUR_KIND,
    "font_body": FONT_KIND,
    "font_heading": FONT_KIND,
    "font_mono": FONT_KIND,
    "font_size": LENGTH_KIND,
    "page_size": PAGE_SIZE_KIND,
    "margin": MARGINS_KIND,
    "toc": FLAG_KIND,
    "logo": FILE_KIND,
    "logo_docx": RASTER_KIND,
}
"""The kind of every theme key brief-builder reads; any other key is a TOKEN_KIND of the layout's."""

DEFAULTS: Mapping[str, Any] = {
    "primary": "#1f3a68",
    "accent": "#e2a400",
    "accent_text": "#8e6700",
    "accent_on_primary": "#e2a400",
    "text": "#1b1b1b",
    "muted": "#5b6770",
    "box_background": "#eef2f8",
    "table_header_text": "#ffffff",
    "font_body": "Source Sans 3",
    "font_heading": "Source Sans 3",
    "font_mono": "Consolas",
    "font_size": "10.5pt",
    "page_size": "A4",
    "margin": "20mm",
    "toc": True,
    "logo": "",
    "logo_docx": "",
}
"""Theme values used when neither the layout nor the brief sets them."""


Origin = tuple[str, int | None]
"""The file and line a theme value was set at."""

WHITE = "#ffffff"
"""The page: what text stands on outside boxes, bands and table headers."""
FIXED_COLOURS = {WHITE: "white"}
AA_NORMAL = 4.5
AA_LARGE = 3.0
"""WCAG 2.x AA contrast minimums (1.4.3): normal text, large text (18pt, or 14pt bold)."""


@dataclass(frozen=True)
class Contrast:
    """A text colour on a background, each a theme key or a fixed colour, where the layouts use it."""

    text: str
    background: str
    use: str
    large: bool = False
    """Only large text is set so (WCAG's 3:1 then applies)."""
    opacity: float = 1.0
    """The text's alpha over the background (the title band's subtitle)."""

    @property
    def minimum(self) -> float:
        return AA_LARGE if self.large else AA_NORMAL


CONTRAST: tuple[Contrast, ...] = (
    Contrast("text", WHITE, "body text"),
    Contrast("text", "box_background", "text in boxes, key messages and shaded table rows"),
    Contrast("primary", WHITE, "headings, links and labels"),
    Contrast("primary", "box_background", "titles, links and labels in boxes and shaded rows"),
    Contrast("muted", WHITE, "byline, facts, source notes, running head and page numbers"),
    Contrast("muted", "box_background", "facts and kickers in boxes"),
    Contrast("accent_text", WHITE, "recommendation numbers and the event summary's document type"),
    Contrast("accent_text", "box_background", "separators between facts in boxes"),
    Contrast("accent_on_primary", "primary", "the document type on the title band"),
    Contrast(WHITE, "primary", "title on the title band", large=True),
    Contrast(WHITE, "primary", "subtitle on the title band (88% white)", opacity=0.88),
    Contrast("table_header_text", "primary", "table header row"),
)
"""Every text colour the built-in layouts set on a background. ``accent`` is decoration only
(rules, box edges, list markers): text in its hue uses ``accent_text`` or ``accent_on_primary``."""


def relative_luminance(rgb: str) -> float:
    """WCAG 2.x relative luminance of ``RRGGBB`` (sRGB)."""
    channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(text: str, background: str, opacity: float = 1.0) -> float:
    """WCAG 2.x contrast ratio of colour ``text`` (at ``opacity``) on ``background``, from 1 to 21."""
    fg, bg = parse_colour(text), parse_colour(background)
    if opacity < 1.0:
        fg = "".join(
            f"{round(opacity * int(fg[i : i + 2], 16) + (1 - opacity) * int(bg[i : i + 2], 16)):02X}"
            for i in (0, 2, 4)
        )
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(
    texts: Mapping[str, str], given: Mapping[str, Origin], prefer: str | None = None
) -> list[Problem]:
    """A warning for each pair of CONTRAST below AA in the theme ``texts`` (key -> value as
    written) that a key of ``given`` (key -> the file and line that set it) takes part in.

    The warning sits at the line of the pair's key that file ``prefer`` set, else of its text
    colour, else of its background; pairs with a value that is not a colour are left to the
    value check.
    """
    problems = []
    for pair in CONTRAST:
        keys = sorted(
            (key for key in (pair.text, pair.background) if key in given),
            key=lambda key: given[key][0] != prefer,
        )
        if not keys:
            continue
        text, background = (texts.get(key, key) for key in (pair.text, pair.background))
        try:
            ratio = contrast_ratio(text, background, pair.opacity)
        except ValueError:
            continue
        if ratio >= pair.minimum:  # WCAG: no rounding
            continue
        path, line = given[keys[0]]
        shown, on = (_colour_name(key, texts) for key in (pair.text, pair.background))
        problems.append(
            Problem(
                path,
                line,
                f"theme.{keys[0]}",
                f"expected a contrast of at least {pair.minimum:g}:1 (WCAG AA) for {shown} on {on} "
                f"({pair.use}), got {ratio:.2f}:1",
                Severity.WARNING,
            )
        )
    return problems


def _colour_name(key: str, texts: Mapping[str, str]) -> str:
    """``muted #5b6770`` for a theme key, ``white #ffffff`` for a fixed colour."""
    return f"{key} {texts[key]}" if key in texts else f"{FIXED_COLOURS.get(key, 'colour')} {key}"


def kind_of(key: str) -> Kind:
    return KINDS.get(key, TOKEN_KIND)


def value_error(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be the theme's ``key`` (``expected ..., got ...``), or None when it can."""
    if not KEY.fullmatch(key):
        return f"expected a key of lower-case letters, digits and _, got {key!r}"
    kind = kind_of(key)
    text = as_text(value)
    try:
        kind.parse(text)
    except ValueError:
        return f"expected {kind.expected}, got {text!r}"
    return None


@dataclass(frozen=True)
class Theme:
    """A brief's theme: the defaults, its layout's values and its own overrides, every one parsed."""

    texts: Mapping[str, str]
    """Key -> the value as written (every key: defaults, layout's, brief's)."""
    parsed: Mapping[str, Any] = field(repr=False)
    """Key -> the parsed value (``KINDS`` says what each is)."""
    given: tuple[str, ...] = ()
    """The keys the layout or the brief set (the others are DEFAULTS)."""

    def css(self) -> dict[str, str]:
        """Key -> the value in its stylesheet form, for every key."""
        return {key: kind_of(key).css(text) for key, text in self.texts.items()}

    def margins_css(self) -> tuple[str, str, str, str]:
        """Top, right, bottom and left page margins, each as a CSS length."""
        return four_sides(kind_of("margin").css(self.texts["margin"]).split())

    def __getitem__(self, key: str) -> Any:
        return self.parsed[key]


def resolve_theme(
    layers: list[tuple[Mapping[str, Any], Callable[[str], Origin]]],
) -> Theme:
    """The theme of the DEFAULTS with each layer's values laid over them, in order.

    ``layers`` are (values, where) pairs: a layout's theme, then a brief's overrides; ``where``
    gives the file and line a key was set at. Raises ProblemsError naming every value that
    does not parse.
    """
    texts = {key: as_text(value) for key, value in DEFAULTS.items()}
    origins: dict[str, Origin] = {}
    for values, where in layers:
        for key, value in values.items():
            texts[key] = as_text(value)
            origins[key] = where(key)
    problems = []
    parsed: dict[str, Any] = {}
    for key, text in texts.items():
        message = value_error(key, text)
        if message is not None:
            path, line = origins.get(key, ("theme", None))
            problems.append(Problem(path, line, f"theme.{key}", message))
        else:
            parsed[key] = kind_of(key).parse(text)
    if problems:
        raise ProblemsError(problems)
    return Theme(texts=texts, parsed=parsed, given=tuple(origins))

"""Check a layout's theme values, with a brief's overrides, against what every format can use.

The theme is checked once, when a brief is validated, so that ``brief validate`` reports a
bad colour or length with its file and line, and every renderer gets values it can read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

DEFAULTS: Mapping[str, Any] = {
    "primary": "#1f3a68",
    "accent": "#e2a400",
    "text": "#1b1b1b",
    "muted": "#5b6770",
    "box_background": "#eef2f8",
    "font_body": "Source Sans 3",
    "font_heading": "Source Sans 3",
    "font_size": "10.5pt",
    "page_size": "A4",
    "margin": "20mm",
    # Values only the DOCX reads; a layout may set them like the others.
    "font_mono": "Consolas",
    "table_header_text": "#ffffff",
    "toc": True,
}
"""Theme values used when neither the layout nor the brief sets them."""

PAGE_SIZES: Mapping[str, tuple[str, str]] = {
    "A3": ("297mm", "420mm"),
    "A4": ("210mm", "297mm"),
    "A5": ("148mm", "210mm"),
    "LETTER": ("8.5in", "11in"),
    "LEGAL": ("8.5in", "14in"),
}
UNITS: Mapping[str, float] = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
"""Points per unit."""
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px)?\s*$")
COLOUR = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
FONT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,60}$")
FALSE_WORDS = {"false", "no", "off", "0", ""}
COLOUR_KEYS = ("primary", "accent", "text", "muted", "box_background", "table_header_text")


def parse_colour(value: Any) -> str:
    """``#1f3a68`` or ``#fa0`` -> ``1F3A68``."""
    match = COLOUR.match(str(value).strip())
    if not match:
        raise ValueError(f"expected a colour such as #1f3a68, got {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return digits.upper()


def parse_points(value: Any) -> float:
    """``20mm``, ``10.5pt``, ``0.75in``, ``2cm`` or a bare number of points -> points."""
    match = LENGTH.match(str(value))
    if not match:
        raise ValueError(f"expected a length such as 20mm or 10.5pt, got {value!r}")
    number, unit = match.groups()
    return float(number) * UNITS[unit or "pt"]


def parse_page_size(value: Any) -> tuple[float, float]:
    """``A4``, ``letter`` or ``210mm 297mm`` -> (width, height) in points."""
    text = str(value).strip()
    if text.upper() in PAGE_SIZES:
        width, height = PAGE_SIZES[text.upper()]
        return parse_points(width), parse_points(height)
    parts = text.split()
    if len(parts) != 2:
        raise ValueError(f"expected one of {', '.join(PAGE_SIZES)} or 'WIDTH HEIGHT', got {value!r}")
    return parse_points(parts[0]), parse_points(parts[1])


def parse_font(value: Any) -> str:
    if not FONT.match(str(value)):
        raise ValueError(f"expected a font family name such as Source Sans 3, got {value!r}")
    return str(value)


def parse_flag(value: Any) -> bool:
    """A YAML boolean, or a string such as ``false`` or ``no`` from a brief's theme."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in FALSE_WORDS


PARSERS: Mapping[str, Callable[[Any], Any]] = {
    **dict.fromkeys(COLOUR_KEYS, parse_colour),
    "font_body": parse_font,
    "font_heading": parse_font,
    "font_mono": parse_font,
    "font_size": parse_points,
    "margin": parse_points,
    "page_size": parse_page_size,
    "toc": parse_flag,
}
"""How each theme value every format reads is checked; other keys are the layout's own."""


def theme_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """Key -> message for every value in ``values`` that some format could not use."""
    errors = {}
    for key, value in values.items():
        parser = PARSERS.get(key)
        if parser is None:
            continue
        try:
            parser(value)
        except ValueError as error:
            errors[key] = str(error)
    return errors

"""Turn a layout's fallback fonts by script and an edition's language into Word's font slots and languages.

Word draws each character with one of four fonts a run names (``w:rFonts``): ``w:ascii`` and
``w:hAnsi`` for Latin, Greek and Cyrillic, ``w:eastAsia`` for Chinese, Japanese and Korean,
``w:cs`` for complex scripts (Arabic, Hebrew, the Indic scripts, Thai...). A slot left to the
body font (which lacks those characters) makes Word pick a font of its own; the layout's
``fallback_fonts:`` (ISO 15924 script codes, the ones the PDF uses) fill the slots instead.
Likewise ``w:lang`` has one language per slot: an edition in Japanese says so in
``w:eastAsia``, one in Arabic in ``w:bidi``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from brief_builder.cldr import script
from brief_builder.renderers.docx.bidi import is_right_to_left

EAST_ASIAN_SCRIPTS = ("Hani", "Hira", "Kana", "Hang", "Bopo")
"""The scripts (as fontTools and ``fallback_fonts:`` name them) Word draws with the ``w:eastAsia`` font."""
EAST_ASIAN_ORDER: Mapping[str, tuple[str, ...]] = {
    "Jpan": ("Kana", "Hira", "Hani"),
    "Kore": ("Hang", "Hani"),
    "Hans": ("Hani", "Bopo"),
    "Hant": ("Hani", "Bopo"),
}
"""The East Asian scripts whose fallback an edition written in one (CLDR's script of its language)
prefers for its one ``w:eastAsia`` font: kana for Japanese, hangul for Korean, Han for Chinese."""
COMPLEX_SCRIPTS = (
    "Arab",
    "Hebr",
    "Syrc",
    "Thaa",
    "Nkoo",
    "Deva",
    "Beng",
    "Guru",
    "Gujr",
    "Orya",
    "Taml",
    "Telu",
    "Knda",
    "Mlym",
    "Sinh",
    "Thai",
    "Laoo",
    "Khmr",
    "Mymr",
    "Tibt",
)
"""The scripts Word draws with the ``w:cs`` (complex script) font: right-to-left and Indic and
South-East Asian ones."""


@dataclass(frozen=True)
class ScriptFonts:
    """The fonts of Word's East Asian and complex-script slots; None leaves the slot to the theme font."""

    east_asian: str | None = None
    complex: str | None = None

    def slots(self) -> dict[str, str]:
        """``w:rFonts`` attribute -> family, for the slots a fallback fills."""
        named = {"w:eastAsia": self.east_asian, "w:cs": self.complex}
        return {attribute: family for attribute, family in named.items() if family}


def script_fonts(fallbacks: Mapping[str, Sequence[str]], language: str) -> ScriptFonts:
    """The slot fonts for an edition in ``language`` of a layout with ``fallbacks`` (script -> families).

    Each slot takes the first family of the first script the layout names a fallback for: the
    edition's own script first (``Kana`` for Japanese, ``Arab`` for Persian), then the others in
    the order of EAST_ASIAN_SCRIPTS, or of the layout's ``fallback_fonts:`` for complex scripts.
    """
    own = script(language)
    east_asian = (*EAST_ASIAN_ORDER.get(own or "", ()), *EAST_ASIAN_SCRIPTS)
    complex_scripts = (
        *((own,) if own in COMPLEX_SCRIPTS else ()),
        *(s for s in fallbacks if s in COMPLEX_SCRIPTS),
    )
    return ScriptFonts(_first(fallbacks, east_asian), _first(fallbacks, complex_scripts))


def _first(fallbacks: Mapping[str, Sequence[str]], scripts: Sequence[str]) -> str | None:
    return next((fallbacks[s][0] for s in scripts if fallbacks.get(s)), None)


def is_east_asian(language: str) -> bool:
    """Whether ``language`` is written in Chinese, Japanese or Korean script (CLDR's script of it)."""
    written_in = script(language)
    return written_in in EAST_ASIAN_ORDER or written_in in EAST_ASIAN_SCRIPTS


def slot_languages(language: str, tag: str) -> dict[str, str]:
    """``w:lang`` attribute -> Word tag ``tag`` of ``language`` beside ``w:val``: ``w:eastAsia`` for an
    East Asian language, ``w:bidi`` for a right-to-left one, so that Word proofs and lays out the
    text of those slots in it; empty for other languages."""
    slots = {}
    if is_east_asian(language):
        slots["w:eastAsia"] = tag
    if is_right_to_left(language):
        slots["w:bidi"] = tag
    return slots

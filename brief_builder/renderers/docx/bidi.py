"""Turn text into the pieces Word sets in one direction each: right-to-left runs are marked ``w:rtl``.

Word applies complex-script formatting (``w:bCs``, ``w:szCs``, the bidirectional language)
and right-to-left layout only to runs marked so, and checkers look for the mark.
LibreOffice runs the Unicode bidirectional algorithm on unmarked runs as well.
"""

from __future__ import annotations

import unicodedata

RTL_CLASSES = frozenset({"R", "AL"})
"""Bidirectional classes of strongly right-to-left characters (Hebrew; Arabic letters)."""
LTR_CLASSES = frozenset({"L"})
RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})
SCRIPT_LANGUAGES = (("ARABIC", "ar-SA"), ("HEBREW", "he-IL"), ("SYRIAC", "syr-SY"), ("THAANA", "dv-MV"))
"""A right-to-left run's language when the brief's is not right-to-left: by its first letter's script."""


def direction_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, right-to-left) pairs: strong right-to-left characters, with the neutral
    ones (spaces, digits, punctuation) between two of them, form the right-to-left pieces."""
    kinds = [_kind(char) for char in text]
    resolved = list(kinds)
    start = 0
    while start < len(kinds):
        if kinds[start] != "N":
            start += 1
            continue
        end = start
        while end < len(kinds) and kinds[end] == "N":
            end += 1
        before = kinds[start - 1] if start else None
        after = kinds[end] if end < len(kinds) else None
        resolved[start:end] = ["R" if before == after == "R" else "L"] * (end - start)
        start = end
    pieces: list[tuple[str, bool]] = []
    for char, kind in zip(text, resolved, strict=True):
        rtl = kind == "R"
        if pieces and pieces[-1][1] == rtl:
            pieces[-1] = (pieces[-1][0] + char, rtl)
        else:
            pieces.append((char, rtl))
    return pieces


def starts_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is right-to-left."""
    for char in text:
        kind = _kind(char)
        if kind != "N":
            return kind == "R"
    return False


def is_right_to_left(language: str) -> bool:
    """Whether ``language`` (a BCP 47 tag) is written right to left."""
    return language.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


def bidi_language(text: str, language: str) -> str:
    """The language tag of a right-to-left piece: the brief's when it is a right-to-left one,
    else one of the script of the piece's first letter."""
    if is_right_to_left(language):
        return language
    letter = next((char for char in text if _kind(char) == "R"), "")
    name = unicodedata.name(letter, "")
    return next((tag for script, tag in SCRIPT_LANGUAGES if name.startswith(script)), "ar-SA")


def _kind(char: str) -> str:
    klass = unicodedata.bidirectional(char)
    return "R" if klass in RTL_CLASSES else "L" if klass in LTR_CLASSES else "N"

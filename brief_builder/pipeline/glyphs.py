"""Turn an outline and the layout's font coverage into warnings for characters no font can draw."""

from __future__ import annotations

from brief_builder.errors import Problem, Severity
from brief_builder.layouts.fonts import Coverage
from brief_builder.lint.text import texts
from brief_builder.outline import Outline

SHOWN = 8
"""How many of a field's missing characters a warning names."""


def glyph_warnings(outline: Outline, coverage: Coverage) -> list[Problem]:
    """One warning per field whose text has characters no font of the layout can draw (empty boxes).

    Each names the field and the characters (with their code points), once per field.
    """
    missing: dict[tuple[str, int | None, str], dict[str, None]] = {}
    for where, field, text in texts(outline):
        chars = coverage.missing(text)
        if chars:
            missing.setdefault((where.path, where.line, field), {}).update(dict.fromkeys(chars))
    problems = []
    for (path, line, field), chars in missing.items():
        shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in list(chars)[:SHOWN])
        more = f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else ""
        message = (
            f"expected characters the layout's fonts can draw, got {shown}{more}: they would show as "
            "empty boxes (install a font that has them, or name one under fallback_fonts: of the layout)"
        )
        problems.append(Problem(path, line, field, message, Severity.WARNING))
    return problems

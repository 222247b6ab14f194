"""Turn a layout's fonts into the characters it can draw: its font files, its theme's and fallback families.

The layout's own fonts are the font files it bundles (and those of the layouts it extends)
and the families its theme's ``font_*`` values name; ``fallback_fonts:`` names families by
script (ISO 15924: ``Hani``, ``Hira``, ``Kana``, ``Hang``) for the characters the own fonts
lack. A family is found through fontconfig, as WeasyPrint finds it; each file's character
map is read once (fontTools reads only its ``cmap`` table).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
THEME_FONTS = ("font_body", "font_heading", "font_mono")
INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn"})
"""Unicode categories no font needs to draw: controls, format characters, spaces, unassigned."""


@dataclass(frozen=True)
class Coverage:
    """What a layout can draw: its own fonts' characters and, by script, its fallbacks'."""

    own: frozenset[int]
    fallback: Mapping[str, frozenset[int]]

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that no font can draw, each once, in order of appearance."""
        from fontTools.unicodedata import script

        found: dict[str, None] = {}
        for char in text:
            code = ord(char)
            if code in self.own or char in found or unicodedata.category(char) in INVISIBLE:
                continue
            if code in self.fallback.get(script(char), frozenset()):
                continue
            found[char] = None
        return list(found)


def layout_coverage(
    folders: Iterable[Path], theme: Mapping[str, object], fallbacks: Mapping[str, Iterable[str]]
) -> Coverage:
    """The characters the layout of ``folders`` draws with its fonts, theme and ``fallbacks``."""
    files = [p for folder in folders for p in sorted(folder.rglob("*")) if p.suffix.lower() in FONT_SUFFIXES]
    for key in THEME_FONTS:
        family = theme.get(key)
        if isinstance(family, str) and family.strip():
            files.extend(family_files(family.strip()))
    own = frozenset().union(*(character_map(str(path)) for path in files))
    by_script = {
        script: frozenset().union(*(character_map(str(p)) for f in families for p in family_files(f)))
        for script, families in fallbacks.items()
    }
    return Coverage(own, by_script)


@lru_cache(maxsize=64)
def family_files(family: str) -> tuple[Path, ...]:
    """The font files fontconfig knows for ``family`` (none when fontconfig is not installed)."""
    program = shutil.which("fc-list")
    if program is None:
        return ()
    try:
        done = subprocess.run(
            [program, "--format", "%{file}\n", f":family={family}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({Path(line) for line in done.stdout.splitlines() if line.strip()}))


@lru_cache(maxsize=256)
def character_map(path: str) -> frozenset[int]:
    """The code points a font file maps to glyphs (every face of a collection); empty if unreadable."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.lower().endswith(".ttc"):
            fonts = list(TTCollection(path, lazy=True).fonts)
        else:
            fonts = [TTFont(path, lazy=True)]
        return frozenset().union(*(set(font.getBestCmap() or {}) for font in fonts))
    except Exception:  # a font fontTools cannot read draws nothing we can vouch for
        return frozenset()

"""Turn each place of a brief (body, key messages, a box) into the Word styles its text takes there.

Also what the layout gives the document besides its styles (``Assets``). The Writer looks
both up; the styles themselves are defined in ``styles.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brief_builder.renderers.docx.fonts import Metrics


@dataclass(frozen=True)
class TextStyles:
    """The styles rich text takes in one place of the brief (body, key messages, a box)."""

    paragraph: str
    bullets: tuple[str, ...] = ("List Bullet", "List Bullet 2", "List Bullet 3")
    numbers: tuple[str, ...] = ("List Number", "List Number 2", "List Number 3")
    continues: tuple[str, ...] = ("List Continue", "List Continue 2", "List Continue 3")
    """Further paragraphs of a list item, by depth."""
    items: str = "Finding"
    """Paragraphs of items shown as ``paragraphs``."""

    def list_style(self, ordered: bool, depth: int) -> str:
        styles = self.numbers if ordered else self.bullets
        return styles[min(depth, len(styles) - 1)]

    def continue_style(self, depth: int) -> str:
        return self.continues[min(depth, len(self.continues) - 1)]


BODY = TextStyles("Normal")
KEY_MESSAGES = TextStyles(
    "Key Messages",
    bullets=("Key Messages Bullet",),
    numbers=("Key Messages Number",),
    continues=("Key Messages",),
    items="Key Messages",
)
BOX = TextStyles("Good Practice Body")
RECOMMENDATION = TextStyles("Recommendation Body")
DISCLAIMER = TextStyles("Disclaimer")
ROLE_STYLES = {"key-messages": KEY_MESSAGES}
"""Section roles whose text gets its own styles."""


@dataclass(frozen=True)
class Assets:
    """What the layout gives the document besides its styles: the logo, the text font's metrics."""

    logo: Path | None = None
    """A raster image of the logo (PNG, JPEG), dark on light."""
    metrics: tuple[Metrics, Metrics] | None = None
    """Regular and bold of the body font, when the layout ships its files."""

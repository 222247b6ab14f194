"""Turn a brief's anchors (sections, items, source notes) into Word bookmark names that links point to."""

from __future__ import annotations

import itertools
import re
import unicodedata

from brief_builder.outline import ItemsBlock
from brief_builder.renderers.view import View

BOOKMARK_LENGTH = 40


def bookmark_name(raw: str, taken: set[str]) -> str:
    """A Word bookmark name for ``raw``: unique, <= 40 ASCII letters, digits, _; a letter first."""
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")
    if not name[:1].isalpha():
        name = f"s_{name}".rstrip("_")
    name = name[:BOOKMARK_LENGTH]
    candidate, number = name, 2
    while candidate.lower() in taken:
        suffix = f"_{number}"
        candidate = name[: BOOKMARK_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def plan_bookmarks(view: View) -> dict[str, str]:
    """Bookmark names of every heading, item and source note by anchor, decided before writing starts."""
    taken: set[str] = set()
    outline = view.outline
    names = {
        section.anchor: bookmark_name(section.anchor, taken) for section in outline.walk() if section.title
    }
    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                for item in block.items:
                    anchor = view.anchors.of(item)
                    if anchor not in names:
                        names[anchor] = bookmark_name(f"{item.kind}_{item.id}", taken)
    for note in itertools.chain.from_iterable(view.notes.values()):
        names[note.anchor] = bookmark_name(note.anchor, taken)
    return names

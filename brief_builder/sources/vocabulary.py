"""The words section rules are written in: the kinds of item a rule may include, and the ways to show them.

Light to import: the outline names its blocks with the same words.
"""

from __future__ import annotations

from typing import Literal

ItemKind = Literal[
    "practices",
    "recommendations",
    "findings",
    "takeaways",
    "projects",
    "objectives",
    "participants",
    "next_steps",
    "resources",
    "details",
]
Display = Literal["boxes", "list", "numbered", "table", "paragraphs"]

SESSION_KINDS: tuple[ItemKind, ...] = (
    "findings",
    "takeaways",
    "objectives",
    "participants",
    "next_steps",
    "resources",
    "details",
)
"""Kinds of item that come from sessions; a brief's ``session`` is their default filter."""

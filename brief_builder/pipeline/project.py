"""Where a build reads from: the sources folder and the user's layout folders (light to import)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where a build reads from."""

    sources: Path = Path("sources")
    layouts: tuple[Path, ...] = ()
    """User layout folders, searched before the built-in layouts."""

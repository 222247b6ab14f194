"""Turn the output files a compile wrote into a manifest of their hashes, and tell which changed since.

The manifest (``outputs.json`` in the cache folder) maps each output file's absolute path to
the sha256 of the bytes last written there. A file on disk whose bytes differ from that hash
was changed by someone else (a reviewer's DOCX copied back): a compile must not replace it
silently. A file the manifest does not know is not brief-builder's to judge and is replaced.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import BriefError, OutputError
from brief_builder.pipeline.output import write_atomic

LOGGER = logging.getLogger(__name__)
MANIFEST = "outputs.json"


class OutputChangedError(BriefError):
    """Output files changed since brief compile wrote them; they were not replaced."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        lines = []
        for path in paths:
            hint = f"read the edits with `brief review {path}`, or " if path.suffix == ".docx" else ""
            lines.append(
                f"{path}: changed since brief compile wrote it; not replaced ({hint}compile with --overwrite)"
            )
        super().__init__("\n".join(lines))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What brief compile last wrote: absolute path -> sha256 of the bytes."""

    path: Path | None
    files: dict[str, str] = field(default_factory=dict)
    create: bool = True
    """Whether storing it may create its folder (not for a build told to leave the cache alone)."""

    @classmethod
    def load(cls, path: Path | None, create: bool = True) -> Manifest:
        if path is None:
            return cls(None)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, create=create)
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return cls(path, create=create)
        return cls(path, {str(k): str(v) for k, v in files.items()}, create)

    def changed(self, planned: Mapping[Path, bytes]) -> list[Path]:
        """The files of ``planned`` whose bytes on disk are neither what will be written nor what
        was last written there."""
        found = []
        for path, data in planned.items():
            known = self.files.get(_key(path))
            if known is None:
                continue
            try:
                current = path.read_bytes()
            except OSError:
                continue  # gone: nothing to lose
            if current != data and digest(current) != known:
                found.append(path)
        return found

    def record(self, written: Iterable[tuple[Path, bytes]]) -> None:
        """Remember ``written`` and store the manifest; one that cannot be stored costs a warning."""
        for path, data in written:
            self.files[_key(path)] = digest(data)
        if self.path is None or not (self.create or self.path.parent.is_dir()):
            return
        text = json.dumps({"version": 1, "files": dict(sorted(self.files.items()))}, indent=1)
        try:
            write_atomic(self.path, text.encode("utf-8"), sync=False)
        except OutputError as exc:
            LOGGER.warning("cannot store what was written: %s", exc)


def _key(path: Path) -> str:
    return str(path.absolute())

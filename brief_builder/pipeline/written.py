"""Turn the output files the commands wrote into a record of their hashes, and tell which changed since.

The record (``outputs.json`` in the cache folder, kept whether or not the build cache is used)
maps each output file's absolute path to the sha256 of the bytes last written there, by
``brief compile``, ``brief site`` or ``brief watch``. A file on disk whose bytes differ from
that hash was changed by someone else (a reviewer's DOCX copied back, a PDF annotated in a
viewer that saves in place, a hand-edited index.html): it must not be replaced silently. A file
the record does not know (never written by brief-builder, or written before the record was
deleted) is not brief-builder's to judge and is replaced.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import BriefError, OutputError
from brief_builder.pipeline.output import write_atomic, write_set

LOGGER = logging.getLogger(__name__)
MANIFEST = "outputs.json"
REVIEWABLE = (".docx", ".pdf")
"""The outputs ``brief review`` reads the edits of."""


class OutputChangedError(BriefError):
    """Output files changed since brief-builder wrote them; they were not replaced."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        super().__init__("\n".join(changed_message(path) for path in self.paths))


def changed_message(path: Path) -> str:
    """``path: changed since ...; not replaced (...)``: what to do about one edited output."""
    review = f"read the edits with `brief review {path}`, then " if path.suffix in REVIEWABLE else ""
    return (
        f"{path}: changed since brief-builder wrote it; not replaced "
        f"({review}run again with --overwrite to replace it)"
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What brief-builder last wrote: absolute path -> sha256 of the bytes."""

    path: Path | None
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Manifest:
        return cls(path, _read(path) if path is not None else {})

    def changed(self, planned: Mapping[Path, bytes | None]) -> list[Path]:
        """The files of ``planned`` whose bytes on disk are neither what will be written nor what
        was last written there (``None``: what will be written is not known yet)."""
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
        """Remember ``written`` and store the record, creating its folder; one that cannot be
        stored costs a warning.

        The stored record is read again first, so that what another command wrote meanwhile (a
        ``brief watch`` beside a ``brief compile``) is kept.
        """
        mine = {_key(path): digest(data) for path, data in written}
        self.files.update(mine)
        if self.path is None:
            return
        files = {**_read(self.path), **mine}
        text = json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=1)
        try:
            write_atomic(self.path, text.encode("utf-8"), sync=False)
        except OutputError as exc:
            LOGGER.warning("cannot store what was written: %s", exc)


def write_recorded(files: Sequence[tuple[Path, bytes]], manifest: Path | None, overwrite: bool) -> None:
    """Write ``files`` (all or none) unless one changed since it was written (OutputChangedError,
    unless ``overwrite``), and record them in the record at ``manifest``."""
    record = Manifest.load(manifest)
    changed = record.changed(dict(files))
    if changed and not overwrite:
        raise OutputChangedError(changed)
    write_set(files)
    record.record(files)


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def _key(path: Path) -> str:
    return str(path.absolute())

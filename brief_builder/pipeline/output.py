"""Turn rendered bytes into files: written atomically, a temporary file renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from brief_builder.errors import OutputError


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    ``sync=False`` skips the fsync, for files that may be lost in a crash (the build cache).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc


def create_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``; refuse (OutputError) if the file exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as stream:
            stream.write(data)
    except FileExistsError:
        raise OutputError(f"{path}: already exists; edit it, or choose another id") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc


def create_if_missing(path: Path, data: bytes) -> bool:
    """Write ``data`` to a new file at ``path`` and say True; leave an existing file alone and say False."""
    try:
        create_new(path, data)
    except OutputError:
        if path.exists() and not path.is_dir():
            return False
        raise
    return True

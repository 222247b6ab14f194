"""Turn rendered bytes into files: written atomically, a temporary file renamed into place.

A brief's set of files (its PDF, DOCX, HTML...) is written all or nothing: every file is staged
as a temporary file beside its target first, and only when all are written are they renamed
into place; a failure while staging (a full disk) removes the temporaries and leaves every old
file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from brief_builder.errors import OutputError


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    ``sync=False`` skips the fsync, for files that may be lost in a crash (the build cache).
    """
    write_set([(path, data)], sync)


def write_set(files: Sequence[tuple[Path, bytes]], sync: bool = True) -> None:
    """Write every ``(path, data)`` so that readers see all the old files or all the new ones.

    Raises OutputError naming the file that could not be staged (then no file is replaced).
    Interrupted (Ctrl-C) while staging, the temporaries are removed too.
    """
    staged: list[tuple[str, Path]] = []
    try:
        try:
            for path, data in files:
                staged.append((_stage(path, data, sync), path))
        except OutputError as exc:
            if len(files) == 1:
                raise
            names = ", ".join(path.name for path, _ in files)
            raise OutputError(f"{exc}; none of {names} was replaced") from exc
        for temporary, path in staged:
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise


def _stage(path: Path, data: bytes, sync: bool = True) -> str:
    """``data`` in a new temporary file beside ``path`` (synced unless ``sync`` is False); its name.

    A failure, or an interruption, removes the temporary file."""
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
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
        raise
    return temporary


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

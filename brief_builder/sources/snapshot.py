"""Turn a sources folder into a snapshot: the bytes of every source file and one digest of them all.

The snapshot is read in one pass, before anything is parsed, so that a cache can tell from
the digest alone whether anything changed. ``files_digest`` hashes any folders the same way
(layouts, for the caches).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
"""Source files above this size are never read, only reported (their size is hashed)."""


@dataclass
class Snapshot:
    """The bytes of every source file of a sources folder, and one digest of all their names and bytes."""

    root: Path
    digest: str | None
    """None when the folder holds something not worth trusting a digest for (links, unreadable files)."""
    raw: dict[str, bytes] = field(default_factory=dict)
    """``kind/name.yaml`` -> the file's bytes."""


def take_snapshot(root: Path) -> Snapshot:
    """Read ``root``'s folders one level down as ``load_library`` does, hashing names and bytes."""
    digest = hashlib.sha256(f"{root.absolute()}\0{root.resolve()}\0".encode())
    snapshot = Snapshot(root=root, digest=None)
    trusted = True
    try:
        with os.scandir(root) as listing:
            top = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return snapshot
    for entry in top:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            trusted = False
            continue
        if not entry.is_dir():
            digest.update(f"file\0{entry.name}\0".encode())
            continue
        digest.update(f"folder\0{entry.name}\0".encode())
        try:
            with os.scandir(entry.path) as listing:
                children = sorted(listing, key=lambda child: child.name)
        except OSError:
            trusted = False
            continue
        for child in children:
            name = f"{entry.name}/{child.name}"
            if child.name.startswith("."):
                continue
            if child.is_symlink():
                trusted = False
            elif child.is_dir():
                digest.update(f"folder\0{name}\0".encode())
            elif not child.name.endswith(".yaml"):
                digest.update(f"other\0{name}\0".encode())
            else:
                try:
                    size = child.stat().st_size
                    if size > MAX_BYTES:
                        digest.update(f"big\0{name}\0{size}\0".encode())
                        continue
                    with open(child.path, "rb") as stream:
                        data = stream.read()
                except OSError:
                    trusted = False
                    continue
                snapshot.raw[name] = data
                digest.update(f"yaml\0{name}\0".encode())
                digest.update(hashlib.sha256(data).digest())
    snapshot.digest = digest.hexdigest() if trusted else None
    return snapshot


def files_digest(folders: Sequence[Path]) -> str:
    """sha256 of the relative name and bytes of every file under ``folders``, in order.

    The build cache keys a layout's rendered files with it; the source cache, every layout
    folder a validation may load from.
    """
    digest = hashlib.sha256()
    for index, folder in enumerate(folders):
        if not folder.is_dir():
            digest.update(f"{index}:missing\0".encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{index}:{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()

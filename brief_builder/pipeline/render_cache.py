"""Turn what a rendered file depends on into a sha256 key, and keep rendered bytes under that key.

A file's key hashes the brief's outline (as JSON), the bytes of every file of its layout,
the render options, the format, brief-builder's code and the versions of the libraries it
requires: if none of them changed, the bytes stored under the key are the bytes a new render
would give. Entries are
written atomically, so a build that stops half way never leaves a broken entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from brief_builder.errors import OutputError
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline
from brief_builder.pipeline.memo import code_key
from brief_builder.pipeline.output import write_atomic
from brief_builder.renderers import Rendered, RenderOptions
from brief_builder.sources.snapshot import files_digest

LOGGER = logging.getLogger(__name__)
AFTER_NAME = re.compile(r"[\s;<>=!~\[(]")
"""What ends the distribution's name at the start of a requirement (``weasyprint>=70,<71``)."""


def layout_digest(layout: Layout) -> str:
    """sha256 of the name and bytes of every file the layout (and what it extends) holds."""
    return files_digest(layout.folders)


def outline_digest(outline: Outline) -> str:
    """sha256 of the outline as JSON: what every renderer reads of the brief."""
    return hashlib.sha256(outline.model_dump_json().encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def libraries_key() -> str:
    """The installed version of every library brief-builder requires: a new WeasyPrint or
    python-docx may write other bytes for the same brief."""
    try:
        required = metadata.requires("brief-builder") or []
    except metadata.PackageNotFoundError:
        required = []
    names = sorted({AFTER_NAME.split(line, maxsplit=1)[0] for line in required if "extra" not in line})
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==")
    return ",".join(versions)


def render_key(outline_hash: str, layout_hash: str, options: RenderOptions, format_name: str) -> str:
    """The key of one rendered file: every input that changes its bytes, hashed together.

    The folders a renderer may read from (``allowed_roots``) are left out: they say where
    the inputs are, and the inputs themselves are hashed.
    """
    parts = {
        "brief_builder": code_key(),
        "libraries": libraries_key(),
        "format": format_name,
        "outline": outline_hash,
        "layout": layout_hash,
        "pdf_variant": options.pdf_variant,
        "timestamp": options.timestamp,
        "extra": dict(sorted(options.extra.items())),
        "draft": options.draft,
        "stamp": None if options.stamp is None else [options.stamp.date.isoformat(), options.stamp.version],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BuildCache:
    """Rendered files by key under ``folder``: ``ab/abcdef....bin`` and its ``.json`` details."""

    folder: Path

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".bin"), base.with_suffix(".json")

    def get(self, key: str) -> Rendered | None:
        data_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = data_path.read_bytes()
        except (OSError, ValueError):
            return None
        pages = meta.get("pages") if isinstance(meta, dict) else None
        if not isinstance(meta, dict) or not (pages is None or type(pages) is int):
            LOGGER.warning("build cache entry %s is not of the expected shape; rendering again", key)
            return None
        if meta.get("sha256") != hashlib.sha256(data).hexdigest():
            LOGGER.warning("build cache entry %s is damaged; rendering again", key)
            return None
        return Rendered(data, pages)

    def put(self, key: str, data: bytes, pages: int | None) -> None:
        """Store ``data``; a cache that cannot be written only costs the next build its time."""
        data_path, meta_path = self._paths(key)
        meta = {"sha256": hashlib.sha256(data).hexdigest(), "pages": pages}
        try:
            write_atomic(data_path, data, sync=False)
            write_atomic(meta_path, json.dumps(meta).encode("utf-8"), sync=False)
        except OutputError as exc:
            LOGGER.warning("cannot store in the build cache: %s", exc)

"""Turn a document file (plain text, Markdown, HTML, DOCX) into the blocks the parsers read.

One registry: the file's extension names its reader. Reading problems (a missing file,
bytes that are not UTF-8, a file python-docx cannot open) are raised as located problems.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from brief_builder.errors import Problem, ProblemsError, UsageError
from brief_builder.importers.blocks import Block, normalise

MB = 1024 * 1024
MAX_BYTES = 20 * MB
"""Larger documents are refused: an event summary is a few pages (a DOCX may hold pictures)."""


def _text(data: bytes, display: str) -> list[Block]:
    from brief_builder.importers.readers.text import read_text

    return read_text(decode(data, display), markdown=False)


def _markdown(data: bytes, display: str) -> list[Block]:
    from brief_builder.importers.readers.text import read_text

    return read_text(decode(data, display), markdown=True)


def _html(data: bytes, display: str) -> list[Block]:
    from brief_builder.importers.readers.html import read_html

    return read_html(decode(data, display))


def _docx(data: bytes, display: str) -> list[Block]:
    from brief_builder.importers.readers.docx import read_docx

    return read_docx(data, display)


READERS: dict[str, Callable[[bytes, str], list[Block]]] = {
    ".txt": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".docx": _docx,
}
"""File extension -> reader of a document's bytes."""


def read_blocks(path: Path, display: str | None = None) -> list[Block]:
    """The normalised blocks of the document at ``path`` (see :func:`blocks.normalise`)."""
    shown = display if display is not None else path.as_posix()
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageError(
            f"{shown}: expected a document ending in {', '.join(READERS)}, "
            f"got {path.suffix or 'no extension'!r}"
        )
    return normalise(reader(read_bytes(path, shown), shown))


def read_bytes(path: Path, display: str) -> bytes:
    """The bytes of a file to import; its absence, a folder or an overly big file is a problem."""
    try:
        if path.is_dir():
            raise ProblemsError([Problem(display, None, "", "expected a file, got a directory")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProblemsError(
                [
                    Problem(
                        display,
                        None,
                        "",
                        f"expected a file of at most {MAX_BYTES // MB} MB, got {size / MB:.1f} MB",
                    )
                ]
            )
        return path.read_bytes()
    except OSError as exc:
        raise ProblemsError([Problem(display, None, "", f"cannot read the file: {exc.strerror}")]) from exc


def decode(data: bytes, display: str) -> str:
    """UTF-8 text, with or without a byte order mark; other bytes are a located problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError(
            [Problem(display, line, "", f"expected UTF-8 text, got byte 0x{data[exc.start]:02x}")]
        ) from None

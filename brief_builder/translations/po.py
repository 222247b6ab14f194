"""Turn units and translations into gettext PO text: the files kept beside the sources, and PO exports.

Files are written as msgmerge writes them (``#:`` references, ``#, fuzzy`` and ``#| msgid``
for a source text that changed) but unwrapped: a key stays on one line (grep finds it, a
diff hunk names it) and a paragraph is one line, so an edit changes that line instead of
reflowing the ones after it. They carry no dates: the same translations give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brief_builder.cldr import language_name
from brief_builder.translations.units import Unit

if TYPE_CHECKING:
    import polib

WRAP = 0
"""polib's width to wrap strings at: 0, never (a text's own line breaks still start new lines)."""


@dataclass(frozen=True)
class Stored:
    """What a PO entry is to say about one unit."""

    unit: Unit
    text: str
    fuzzy: bool = False
    previous: str | None = None
    """The source text the translation was made from, when it is not the current one."""


def header(language: str, about: str) -> tuple[str, dict[str, str]]:
    """The comment and metadata every PO file brief-builder writes starts with.

    No dates and no translator: they would change the bytes of every file on every import.
    PO editors fill ``PO-Revision-Date`` and ``Last-Translator`` when a person saves the file.
    """
    comment = (
        f"{language_name(language, 'en')} translations of {about}.\n"
        "Written by brief-builder; any PO editor may change it."
    )
    metadata = {
        "Project-Id-Version": "brief-builder sources",
        "Language-Team": language_name(language, "en"),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return comment, metadata


def new_file(language: str, about: str) -> polib.POFile:
    import polib

    po = polib.POFile(wrapwidth=WRAP)
    po.header, po.metadata = header(language, about)
    return po


def entry(stored: Stored) -> polib.POEntry:
    import polib

    unit = stored.unit
    return polib.POEntry(
        msgctxt=unit.key,
        msgid=unit.source,
        msgstr=stored.text,
        occurrences=[_reference(unit)],
        flags=["fuzzy"] if stored.fuzzy else [],
        previous_msgid=stored.previous if stored.fuzzy and stored.previous else None,
    )


def _reference(unit: Unit) -> tuple[str, str]:
    return (unit.path, "" if unit.line is None else str(unit.line))


def update_file(
    text: str | None,
    language: str,
    about: str,
    changes: Iterable[Stored],
    current: Mapping[str, Unit],
) -> bytes:
    """The bytes of one catalog file: ``text`` (None: a new file) with ``changes`` made.

    Every entry it holds is kept (none is dropped; obsolete ones stay obsolete). Entries of
    units that still exist (``current``: key -> unit) get fresh ``#:`` references and are
    listed in their item's order; others keep their place after them.
    """
    import polib

    po = polib.pofile(text, wrapwidth=WRAP) if text is not None else new_file(language, about)
    po.wrapwidth = WRAP
    by_key = {e.msgctxt: e for e in po if not e.obsolete and e.msgctxt}
    for stored in changes:
        existing = by_key.get(stored.unit.key)
        fresh = entry(stored)
        if existing is None:
            po.append(fresh)
            by_key[stored.unit.key] = fresh
            continue
        existing.msgid = fresh.msgid
        existing.msgstr = fresh.msgstr
        existing.flags = [f for f in existing.flags if f != "fuzzy"] + (["fuzzy"] if stored.fuzzy else [])
        existing.previous_msgid = fresh.previous_msgid
        existing.previous_msgctxt = None
    for e in po:
        unit = current.get(e.msgctxt or "")
        if unit is not None and not e.obsolete:
            e.occurrences = [_reference(unit)]
    live = [e for e in po if not e.obsolete]
    known = sorted((e for e in live if e.msgctxt in current), key=lambda e: current[e.msgctxt].sort_key)
    rest = [e for e in live if e.msgctxt not in current]
    obsolete = [e for e in po if e.obsolete]
    po[:] = [*known, *rest, *obsolete]
    return _bytes(po)


def export_file(units: Sequence[Unit], language: str, about: str, stored: Mapping[str, Stored]) -> bytes:
    """A PO file of every unit, translated, fuzzy or empty, for a translator's PO editor."""
    po = new_file(language, about)
    for unit in units:
        po.append(entry(stored.get(unit.key) or Stored(unit, "")))
    return _bytes(po)


def _bytes(po: polib.POFile) -> bytes:
    return (str(po).rstrip("\n") + "\n").encode("utf-8")

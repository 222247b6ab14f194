"""Turn sources and the translations beside them into editions of briefs in other languages.

``sources/translations/<language>/<kind>/<id>.po`` holds the translations of one source
item (gettext PO: ``msgctxt`` the unit key, ``msgid`` the source text, ``msgstr`` the
translation, ``#, fuzzy`` for review); ``translations/<language>/terms.po`` those of the
terms rules filter and group by. The stages, each a pure function but the two readers:

- ``read_documents`` / ``brief_units``: what a brief's rules placed -> the units it needs;
- ``read_catalog``: the PO files of one language -> Catalog (problems located);
- ``translate_library``: library + catalog + units -> the edition's library, warnings;
- ``export_units`` / ``import_units``: units <-> XLIFF 1.2 or PO for translators' tools;
- ``translation_status``: units + catalog -> counts.

Names are imported when first used, so that ``status`` and ``export`` never load pydantic.
"""

from __future__ import annotations

import importlib
from typing import Any

WHERE = {
    "Lookup": "lookup",
    "State": "lookup",
    "look_up": "lookup",
    "translate_library": "apply",
    "Catalog": "catalog",
    "Translation": "catalog",
    "catalog_languages": "catalog",
    "language_folder": "catalog",
    "po_path": "catalog",
    "read_catalog": "catalog",
    "FORMATS": "exchange",
    "Exchange": "exchange",
    "export_units": "exchange",
    "read_exchange": "exchange",
    "ImportResult": "imports",
    "import_units": "imports",
    "merge_exchange": "imports",
    "Status": "status",
    "status_table": "status",
    "translation_status": "status",
    "SourceDocuments": "units",
    "Unit": "units",
    "brief_units": "units",
    "find_unit": "units",
    "read_documents": "units",
    "union": "units",
    "unused_translations": "units",
}
"""Each public name -> the module of this package that defines it."""

__all__ = sorted(WHERE)


def __getattr__(name: str) -> Any:
    if name not in WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{WHERE[name]}"), name)
    globals()[name] = value
    return value

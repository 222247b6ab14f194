"""Turn sources and the translations beside them into editions of briefs in other languages.

``sources/translations/<language>/<kind>/<id>.po`` holds the translations of one source
item (gettext PO: ``msgctxt`` the unit key, ``msgid`` the source text, ``msgstr`` the
translation, ``#, fuzzy`` for review); ``translations/<language>/terms.po`` those of the
terms rules filter and group by. The stages, each a pure function but the catalog reader:

- ``brief_units``: library + what a brief's rules placed -> the units it needs;
- ``read_catalog``: the PO files of one language -> Catalog (problems located);
- ``translate_library``: library + catalog + units -> the edition's library, warnings;
- ``export_units`` / ``import_units``: units <-> XLIFF 1.2 or PO for translators' tools;
- ``translation_status``: units + catalog -> counts.
"""

from brief_builder.translations.apply import Lookup, State, look_up, translate_library
from brief_builder.translations.catalog import (
    Catalog,
    Translation,
    catalog_languages,
    po_path,
    read_catalog,
)
from brief_builder.translations.exchange import FORMATS, Exchange, export_units, read_exchange
from brief_builder.translations.imports import ImportResult, import_units, merge_exchange
from brief_builder.translations.status import Status, status_table, translation_status
from brief_builder.translations.units import Unit, brief_units, find_unit, union

__all__ = [
    "FORMATS",
    "Catalog",
    "Exchange",
    "ImportResult",
    "Lookup",
    "State",
    "Status",
    "Translation",
    "Unit",
    "brief_units",
    "catalog_languages",
    "export_units",
    "find_unit",
    "import_units",
    "look_up",
    "merge_exchange",
    "po_path",
    "read_catalog",
    "read_exchange",
    "status_table",
    "translate_library",
    "translation_status",
    "union",
]

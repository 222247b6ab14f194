"""Turn BCP 47 language tags into CLDR data through Babel: locales, numbers, month, country, language names.

Every locale-dependent word or figure brief-builder prints that is not a layout label comes
from here, so no layout has to type month or country names, digit grouping or plural rules
by hand.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported when a locale is first needed: ``brief --help`` never loads it
    from babel import Locale

DATE_LOCALES = {"en": "en-150"}
"""Bare tags whose dates follow a regional variant of CLDR: ``en`` is English as written in
Europe (``20 May 2021``), the Platform's convention; ``en-US`` keeps US dates (``May 20, 2021``)."""


@lru_cache(maxsize=256)
def locale(tag: str) -> Locale | None:
    """The CLDR locale of a BCP 47 tag (``de-AT`` -> ``de_AT``), its base language's if CLDR lacks
    the variant, or None for a language CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    for candidate in (tag, tag.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def date_locale(tag: str) -> Locale | None:
    """The locale whose conventions dates in ``tag`` follow (see DATE_LOCALES)."""
    return locale(DATE_LOCALES.get(tag.lower(), tag))


def _likely_subtags(tag: str) -> tuple[str | None, str | None]:
    """The script and region of ``tag``: its own subtags, else the ones CLDR deems likely for it."""
    found = locale(tag)
    if found is None:
        return None, None
    from babel.core import get_global, parse_locale

    likely = get_global("likely_subtags")
    keys = (str(found), "_".join(p for p in (found.language, found.script) if p), found.language)
    full = next((likely[key] for key in keys if key in likely), None)
    _, region, script, *_ = parse_locale(full) if full else (None, None, None)
    return found.script or script, found.territory or region


def script(tag: str) -> str | None:
    """``Jpan`` for ``ja``, ``Hant`` for ``zh-TW``, ``Arab`` for ``fa``, ``Latn`` for ``en``: the ISO
    15924 script ``tag`` is written in, from its own subtag or CLDR's likely subtags; None when CLDR
    does not know it."""
    return _likely_subtags(tag)[0]


def likely_region(tag: str) -> str | None:
    """``JP`` for ``ja``, ``TW`` for ``zh-Hant``, ``BE`` for ``fr-BE``: the region of ``tag``, its own or
    the one CLDR deems likely; None when CLDR does not know the language."""
    return _likely_subtags(tag)[1]


def month_name(month: int, tag: str) -> str | None:
    """``juillet`` for 7 in French: the wide name used inside a date (genitive where a language has one)."""
    found = date_locale(tag)
    return None if found is None else found.months["format"]["wide"][month]


@lru_cache(maxsize=1)
def _english_territories() -> dict[str, str]:
    """Casefolded English country name -> ISO 3166 code, for the two-letter codes CLDR names."""
    from babel import Locale

    names = Locale("en").territories
    return {name.casefold(): code for code, name in names.items() if len(code) == 2 and code.isalpha()}


def territory_code(english_name: str) -> str | None:
    """``IT`` for ``Italy``: the code of a country named as CLDR names it in English, else None."""
    return _english_territories().get(english_name.strip().casefold())


def country_name(english_name: str, tag: str) -> str | None:
    """``Italie`` for ``Italy`` in French, from CLDR; None when CLDR does not know the country or language."""
    code = territory_code(english_name)
    found = locale(tag)
    if code is None or found is None:
        return None
    return found.territories.get(code)


def language_name(tag: str, in_tag: str | None = None) -> str:
    """The name of language ``tag`` in language ``in_tag`` (its own by default): ``français``, ``Deutsch``,
    ``français (Canada)``; the tag itself when CLDR does not know it.

    Names are given as CLDR writes them (French and Spanish ones in lowercase); ``capitalised``
    turns one into a heading or menu entry.
    """
    found = locale(tag)
    shown_in = locale(in_tag) if in_tag is not None else found
    if found is None or shown_in is None:
        return tag
    return found.get_display_name(shown_in) or tag


def capitalised(text: str) -> str:
    """``français`` -> ``Français``, for a name that starts a heading or stands alone in a menu."""
    return text[:1].upper() + text[1:]


def format_number(value: int | float, tag: str, decimals: int | None = None) -> str:
    """``1,234`` in English, ``1\u202f234`` in French, ``1.234`` in German: ``value`` as CLDR writes
    numbers in ``tag`` (Latin digits); with ``decimals``, exactly that many after the separator
    (``1,5`` in French for 1.5 and one). A language CLDR does not know gets Python's digits."""
    found = locale(tag)
    if found is None:
        return f"{value:.{decimals}f}" if decimals is not None else str(value)
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=found)


def plural_category(count: int | float, tag: str) -> str:
    """The CLDR plural category of ``count`` in ``tag``: ``one``, ``two``, ``few``, ``many`` or ``other``.

    English and German say ``one`` only for 1; French for 0 and 1; Polish has ``few`` (2-4,
    22-24...); Japanese only ``other``. A language CLDR does not know gets ``other``.
    """
    found = locale(tag)
    return "other" if found is None else str(found.plural_form(count))


KIBIBYTE = 1024
MEBIBYTE = 1024 * 1024


def file_size(size: int, tag: str = "en") -> str:
    """``86 KB`` or ``1.2 MB`` (``1,2 MB`` in French), the figure as CLDR writes numbers in ``tag``;
    never ``0 KB`` for a small file. The unit symbols are the same in every language."""
    if size < MEBIBYTE:
        return f"{format_number(max(1, round(size / KIBIBYTE)), tag)} KB"
    return f"{format_number(size / MEBIBYTE, tag, decimals=1)} MB"
